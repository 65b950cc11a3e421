/**
 * Kustomer refuses a body over 100 KB with 413, which no retry mends (docs/kustomer-api.md §4). A
 * mapped body over it loses its largest meta or custom values, each with a warning, and the rest is
 * delivered (docs/reliability.md §7), instead of the whole event dead-lettered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify, track } from '../support/events.js';

const API_KEY = 'body-limit-key';
const LIMIT = 100 * 1024;
const simulator = createKustomerSimulator({ apiKey: API_KEY });
let url = '';
beforeAll(async () => {
  url = (await simulator.listen(0)).url;
});
afterAll(() => simulator.close());

/** 99 values of 1,024 "é" (2,048 bytes each): with one small value, a 204 KB body of 100 values. */
const heavy = (suffix: string) =>
  Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`v${i}${suffix}`, 'é'.repeat(1024)]));

/** Each write's body size in bytes and its answer's status, as sent to the simulator. */
let sent: { bytes: number; status: number }[] = [];
async function recording(request: Request): Promise<Response> {
  const bytes = request.method === 'GET' ? 0 : Buffer.byteLength(await request.clone().text());
  const response = await globalThis.fetch(request);
  if (bytes > 0) sent.push({ bytes, status: response.status });
  return response;
}

const track100 = () => {
  const event = track('heavy-meta', 'Viewed');
  event.properties = { small: 'kept', ...heavy('') };
  return event;
};
const cases = [
  {
    name: 'a tracking event, 100 meta values',
    event: track100,
    stored: () => simulator.events[0]?.meta,
    small: ['small', 'kept'],
  },
  {
    name: 'a customer, 100 customObject values',
    event: () => identify('heavy-custom', { customObject: { planStr: 'pro', ...heavy('Str') } }),
    stored: () => simulator.customers[0]?.attributes.custom,
    small: ['planStr', 'pro'],
  },
] as const;

describe('a body over Kustomer’s 100 KB', () => {
  it.each(cases)(
    '$name (99 of 1,024 "é"): the largest values are dropped with a warning each, the rest delivered',
    async ({ name, event, stored, small }) => {
      simulator.reset();
      sent = [];
      const destination = createKustomerDestination({
        apiKey: API_KEY,
        baseUrl: url,
        allowInsecureBaseUrl: true,
        retry: false,
        fetch: recording,
      });
      const result = await destination.send(event());
      const bytes = Math.max(...sent.map((r) => r.bytes));
      const values = stored() ?? {};
      const kept = Object.keys(values).length;
      const warned = result.warnings.filter((w) => w.includes('over Kustomer')).length;
      const statuses = sent.map((r) => r.status).join(',');
      console.log(
        `reliability/body-limit ${name} (99 of 1,024 "é"): status ${statuses}, body ${bytes} bytes, ${kept} of 100 values kept, ${warned} warnings`,
      );
      expect(result).toMatchObject({ ok: true });
      expect(bytes).toBeLessThanOrEqual(LIMIT);
      expect(values).toHaveProperty(small[0], small[1]);
      expect(kept + warned).toBe(100);
      expect(kept).toBeGreaterThan(40);
    },
  );
});
