/**
 * One bad `x-ratelimit-reset` must not hang the destination: the reset is read in seconds, epoch
 * seconds, epoch milliseconds or as a date, and never waited out longer than the retry's
 * `maxDelayMs`; no timer overflows into a spin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify } from '../support/events.js';
import { type Started, startServer } from './support/http.js';

const API_KEY = 'rate-reset-key';
const simulator = createKustomerSimulator({ apiKey: API_KEY });
let kustomer = '';
let front: Started;
/** The reset header the next request is refused with; consumed once. */
let nextReset: string | undefined;

beforeAll(async () => {
  kustomer = (await simulator.listen(0)).url;
  front = await startServer(async (req, res) => {
    if (nextReset !== undefined) {
      const reset = nextReset;
      nextReset = undefined;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'x-ratelimit-reset': reset });
      res.end(JSON.stringify({ errors: [{ status: 429, code: 'too_many_requests' }] }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await fetch(`${kustomer}${req.url}`, {
      method: req.method ?? 'GET',
      headers: {
        authorization: req.headers.authorization ?? '',
        'content-type': 'application/json',
      },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
});
afterAll(async () => {
  await front.close();
  await simulator.close();
});

describe('a rate-limit reset the destination cannot trust', () => {
  const now = () => Date.now();
  it.each([
    ['far in the future (99999999999)', () => '99999999999'],
    ['epoch milliseconds sent as seconds', () => String(now() + 3_600_000)],
    ['an hour away as an HTTP date', () => new Date(now() + 3_600_000).toUTCString()],
    ['epoch seconds, a day away', () => String(Math.floor(now() / 1000) + 86_400)],
  ])(
    '%s is waited out for at most maxDelayMs, without a timer overflow',
    { timeout: 10_000 },
    async (_what, reset) => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.name);
      process.on('warning', onWarning);
      try {
        const destination = createKustomerDestination({
          apiKey: API_KEY,
          baseUrl: front.url,
          allowInsecureBaseUrl: true,
          retry: { maxDelayMs: 400, baseDelayMs: 10 },
        });
        nextReset = reset();
        const started = performance.now();
        const first = await destination.send(identify('u1', { name: 'Ada' }));
        const second = await destination.send(identify('u2', { name: 'Bob' }));
        const elapsed = Math.round(performance.now() - started);
        console.log(
          `reliability/rate-reset ${_what}: two events delivered in ${elapsed} ms (maxDelayMs 400), ${warnings.length} warnings`,
        );
        expect(first).toMatchObject({ ok: true });
        expect(second).toMatchObject({ ok: true });
        expect(elapsed).toBeLessThan(3_000);
        expect(warnings).not.toContain('TimeoutOverflowWarning');
      } finally {
        process.off('warning', onWarning);
      }
    },
  );
});
