/**
 * 200 concurrent clients posting identify batches to `serve` (the built CLI): lookups to Kustomer
 * stay within the outbound cap (per key), no event is answered with a 5xx, and memory stays bounded; clients
 * turned away with 503 get in after `Retry-After`.
 */
import { describe, expect, it } from 'vitest';
import { runServeLoad } from './support/serve-load.js';

const CLIENTS = 200;
const EVENTS_PER_CLIENT = 25;
/** serve's default cap on requests in flight for one API key (every client here uses one). */
const PER_KEY_CAP = 16;

describe('serve under 200 concurrent clients', () => {
  it('keeps requests to Kustomer within the per-key cap and answers every event', {
    timeout: 170_000,
  }, async () => {
    // A lookup's timeout counts its wait for a slot; on a loaded machine (load 15) some then time
    // out, and the proxy counts a timed-out request until it sees the socket close, while `serve`
    // has already started the next: 27 "in flight" with the cap holding. A long timeout keeps the
    // count exact.
    const figures = await runServeLoad(CLIENTS, EVENTS_PER_CLIENT, ['--timeout-ms', '60000']);
    console.log(`reliability/serve-load: ${JSON.stringify(figures)}`);
    expect(figures.transformed).toBe(CLIENTS * EVENTS_PER_CLIENT);
    expect(figures.eventServerErrors).toBe(0);
    // What the cap bounds is requests in flight. Sockets are reported, not held to it: a closed
    // socket is counted until the proxy sees it close (137 at load 13, 32 at load 3).
    expect(figures.peakOutboundRequests).toBeLessThanOrEqual(PER_KEY_CAP);
    if (figures.peakRssMb !== undefined) expect(figures.peakRssMb).toBeLessThan(400);
  });
});
