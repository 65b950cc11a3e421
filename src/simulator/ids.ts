/**
 * Ids shaped like Kustomer's (24 hex digits, as MongoDB ObjectIds): a fixed prefix per kind and a
 * counter. The counters live as long as the simulator and survive `reset()`, so an id a test saw
 * before a reset never names a different record after it; two simulators fed the same requests
 * hand out the same ids.
 */
type IdKind = 'customer' | 'identity' | 'tracking' | 'bulk' | 'company';

const PREFIX: Record<IdKind, string> = {
  customer: '5c0c5e0d',
  identity: '5c0c1de0',
  tracking: '5c0c7ac0',
  bulk: '5c0cb01c',
  company: '5c0cc0a0',
};

/** The ids of the org and user that own every simulated record (Kustomer's `relationships`). */
export const ORG_ID = '5c0c0a900000000000000001';
export const USER_ID = '5c0c05e00000000000000001';

export type MintId = (kind: IdKind) => string;

export function createIds(): MintId {
  const counters: Record<IdKind, number> = {
    customer: 0,
    identity: 0,
    tracking: 0,
    bulk: 0,
    company: 0,
  };
  return (kind) => {
    counters[kind] += 1;
    return PREFIX[kind] + counters[kind].toString(16).padStart(16, '0');
  };
}
