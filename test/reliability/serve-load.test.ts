/**
 * 200 concurrent clients posting identify batches to `serve` (the built CLI): lookups to Kustomer
 * stay within the outbound cap, no event is answered with a 5xx, and memory stays bounded; clients
 * turned away with 503 get in after `Retry-After`.
 */
import { describe, expect, it } from 'vitest';
import { runServeLoad } from './support/serve-load.js';

const CLIENTS = 200;
const EVENTS_PER_CLIENT = 25;
/** serve's default cap on lookups in flight over every key. */
const OUTBOUND_CAP = 64;

describe('serve under 200 concurrent clients', () => {
  it('keeps sockets to Kustomer within the cap and answers every event', {
    timeout: 170_000,
  }, async () => {
    const figures = await runServeLoad(CLIENTS, EVENTS_PER_CLIENT);
    console.log(`reliability/serve-load: ${JSON.stringify(figures)}`);
    expect(figures.transformed).toBe(CLIENTS * EVENTS_PER_CLIENT);
    expect(figures.eventServerErrors).toBe(0);
    expect(figures.peakOutboundSockets).toBeLessThanOrEqual(OUTBOUND_CAP);
    if (figures.peakRssMb !== undefined) expect(figures.peakRssMb).toBeLessThan(400);
  });
});
