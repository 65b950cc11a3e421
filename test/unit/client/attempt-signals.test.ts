import { describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../../src/client/index.js';

/** A fetch that never answers: it only rejects when the request's signal aborts. */
function hangingFetch(started: () => void) {
  return (request: Request) =>
    new Promise<Response>((_, reject) => {
      started();
      request.signal.addEventListener('abort', () => reject(request.signal.reason));
    });
}

describe("the caller's signal during an attempt", () => {
  it('aborts the attempt in flight with the caller’s reason', async () => {
    const run = new AbortController();
    const reason = new Error('shutting down');
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      started = resolve;
    });
    const client = createKustomerClient({ apiKey: 'k', fetch: hangingFetch(() => started()) });
    const call = client.customers.get('c-1', { signal: run.signal });
    await inFlight;
    run.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  it('serves many attempts in a row with one long-lived signal', async () => {
    const run = new AbortController();
    const found = { data: { type: 'customer', id: 'c-1', attributes: {} } };
    const client = createKustomerClient({ apiKey: 'k', fetch: async () => Response.json(found) });
    for (let i = 0; i < 20; i++) {
      await expect(client.customers.get('c-1', { signal: run.signal })).resolves.toMatchObject({
        id: 'c-1',
      });
    }
  });

  it('is refused before any request when it is already aborted', async () => {
    const reason = new Error('already stopped');
    let requests = 0;
    const client = createKustomerClient({ apiKey: 'k', fetch: hangingFetch(() => requests++) });
    await expect(client.customers.get('c-1', { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(requests).toBe(0);
  });
});
