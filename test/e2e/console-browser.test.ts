/**
 * The simulator's web console in a real headless Chromium (./support/browser.ts), against a
 * simulator fed by the real destination over HTTP. Prints the two timings the console promises:
 * the first page with 10,000 customers, and a new event on screen, each under a second.
 * `UPDATE_SCREENSHOTS=1` writes the page to docs/console.png.
 */
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createSimulatorCore } from '../../src/simulator/core.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { createSimulatorServer } from '../../src/simulator/server.js';
import type { KustomerSimulator, SimulatorOptions } from '../../src/simulator/types.js';
import { identify, track } from '../support/events.js';
import { clockAtMinuteStart } from '../support/minute-clock.js';
import { launchBrowser } from './support/browser.js';

const KEY = 'console-secret-key-4711';
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const launched = await launchBrowser();
if (!launched.browser) {
  if (process.env.CI === 'true')
    throw new Error(`No browser for the console suite: ${launched.reason}`);
  console.warn(`Console browser suite skipped: Chromium cannot start here (${launched.reason})`);
}
const browser = launched.browser as Browser;

let simulator: KustomerSimulator;
let url: string;
let stop: () => Promise<void>;
let page: Page;
const dialogs: string[] = [];

async function start(options: SimulatorOptions = {}): Promise<void> {
  simulator = createKustomerSimulator({ apiKey: KEY, strict: true, ...options });
  ({ url } = await simulator.listen(0, '127.0.0.1'));
  stop = () => simulator.close();
  await openPage();
}

async function openPage(): Promise<void> {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(recordCounts, [ROWS, EVENT_NAMES]);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}
const destination = () =>
  createKustomerDestination({ apiKey: KEY, baseUrl: url, allowInsecureBaseUrl: true });
const kustomer = (path: string, body: unknown, method = 'POST') =>
  fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const ROWS = '#customer-rows tr[data-id]';
const EVENT_NAMES = '#customer-events td.event-name';
const rows = () => page.locator(ROWS);
/** Polls until the page shows it: the console updates itself, so nothing waits on a reload. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 5000, interval: 25 });
const textOf = (selector: string) => () => page.locator(selector).first().textContent();
const countOf = (selector: string) => () => page.locator(selector).count();

describe.skipIf(!launched.browser)(
  `the console in ${launched.browser ? launched.name : 'Chromium'}`,
  () => {
    afterEach(async () => {
      await page?.close();
      await stop?.();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows customers sent by the destination as they arrive, without a reload', async () => {
      await start();
      await page.goto(`${url}/`);
      await poll(textOf('#live')).toMatch(/live/);
      await poll(textOf('#customer-rows td.empty')).toBe('No customers yet');
      const send = destination();
      // The first customer warms the page, the server and the destination up; the next five are timed.
      await send.send(identify('warm'));
      await rows().first().waitFor();
      const ms = await sampled(['grace', 'alan', 'barbara', 'linus', 'ada'], async (name, i) => {
        await send.send(identify(name, name === 'ada' ? { name: 'Ada Lovelace' } : {}));
        return shownSince(Date.now(), ROWS, i + 2);
      });
      console.log(
        `console: a new customer showed in the table ${ms.median.toFixed(0)} ms after it reached the simulator (median of ${ms.all})`,
      );
      expect(ms.median).toBeLessThan(1000);
      await poll(countOf(ROWS)).toBe(6);
      await poll(textOf(`${ROWS} td.email`)).toBe('ada@example.com');
    });

    it('finds a customer by email with the server-side search', async () => {
      await start();
      const send = destination();
      for (const name of ['grace', 'alan', 'barbara']) await send.send(identify(name));
      await page.goto(`${url}/`);
      await poll(countOf(ROWS)).toBe(3);
      await page.fill('#customer-search', 'ALAN@example');
      await poll(countOf(ROWS)).toBe(1);
      await poll(textOf(`${ROWS} td.email`)).toBe('alan@example.com');
      await poll(textOf('#customer-total')).toBe('1–1 of 1');
    });

    it("shows a customer's attributes, its events in time order with their meta, and its requests, live", async () => {
      await start();
      const send = destination();
      await send.send(identify('lin', { name: 'Lin', plan: 'pro' }));
      for (const step of [1, 2, 3]) await send.send(track('lin', `Step ${step}`, { step }));
      await page.goto(`${url}/`);
      await rows().first().locator('a').click();
      await poll(textOf('#customer-name')).toBe('Lin');
      await poll(textOf('#customer-attributes')).toContain('lin@example.com');
      const names = page.locator(EVENT_NAMES);
      const expected = simulator.events.map((e) => e.name);
      expect(expected).toHaveLength(3);
      await poll(() => names.allTextContents()).toEqual(expected);
      await poll(textOf('#customer-events tbody tr:nth-child(2)')).toMatch(/step\s*2/);
      // The requests that touched her: the create and the three events (the lookups found nobody).
      const touched = simulator.requests.filter((r) => r.status < 400);
      await poll(countOf('table.requests tr[data-seq]')).toBe(touched.length);
      const ms = await sampled([4, 5, 6, 7, 8], async (step) => {
        await send.send(track('lin', `Step ${step}`, { step }));
        return shownSince(Date.now(), EVENT_NAMES, step);
      });
      console.log(
        `console: a new event showed on the customer's page ${ms.median.toFixed(0)} ms after it reached the simulator (median of ${ms.all})`,
      );
      expect(ms.median).toBeLessThan(1000);
      await poll(() => names.allTextContents()).toEqual(simulator.events.map((e) => e.name));
    });

    it('shows the error body of a failing request, with the API key masked', async () => {
      await start();
      await kustomer('/v1/customers', { name: 'x'.repeat(300) });
      await page.goto(`${url}/#/requests`);
      await page.locator('tr[data-status="400"]').click();
      const answer = page.locator('pre[aria-label="Response body"]');
      await poll(() => answer.textContent()).toContain('must NOT have more than 256 characters');
      await poll(textOf('#request-detail')).toContain('Bearer ••••');
      expect(await page.content()).not.toContain(KEY);
    });

    it('renders a customer named with markup as text', async () => {
      await start();
      const name = '<img src=x onerror=alert(1)>';
      await destination().send(identify('mallory', { name }));
      await page.goto(`${url}/`);
      await poll(textOf(`${ROWS} td.name`)).toBe(name);
      await rows().first().locator('a').click();
      await poll(textOf('#customer-name')).toBe(name);
      expect(await page.locator('main img').count()).toBe(0);
      expect(dialogs).toEqual([]);
    });

    it('marks the 429s of a rate-limited run and injected faults on the rate chart', async () => {
      await start({ rateLimitPerMinute: 20, clock: clockAtMinuteStart() });
      await page.goto(`${url}/#/controls`);
      await page.fill('#fault-status', '503');
      await page.fill('#fault-times', '2');
      await page.click('#fault-add');
      await poll(textOf('#fault-list')).toContain('answer HTTP 503');
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        statuses.push((await kustomer(`/v1/customers/externalId=u${i}`, undefined, 'GET')).status);
      }
      // The two faults answer before the rate limit counts (docs/simulator.md): 20 pass, 8 are 429s.
      expect(statuses.filter((s) => s === 429)).toHaveLength(8);
      await poll(textOf('#rate-limited')).toBe('8');
      await poll(textOf('#rate-faults')).toBe('2');
      expect(await page.locator('#rate-chart rect.limited').count()).toBeGreaterThan(0);
      expect(await page.locator('#rate-chart line.limit').count()).toBe(1);
    });

    it('changes the rate limit and resets from the controls', async () => {
      await start();
      await destination().send(identify('kim'));
      await page.goto(`${url}/#/controls`);
      await page.fill('#rate-limit', '1');
      await page.click('#rate-apply');
      await poll(textOf('#count-limit')).toBe('1/min');
      await kustomer('/v1/customers/externalId=kim', undefined, 'GET');
      expect((await kustomer('/v1/customers/externalId=kim', undefined, 'GET')).status).toBe(429);
      await page.click('#reset');
      await poll(textOf('#count-customers')).toBe('0');
      expect(simulator.customers).toHaveLength(0);
    });

    it('refuses a page on another port that posts to the console', async () => {
      await start();
      await destination().send(identify('eve'));
      const target = new URL(url);
      const attacker = await serveAttacker(target.origin);
      try {
        await page.goto(`${attacker.url}/`);
        await page.waitForFunction("document.title === 'done'");
        const seen = await page.evaluate('window.seen');
        console.log(`console: a page on another port got ${JSON.stringify(seen)}`);
        expect(simulator.customers).toHaveLength(1);
        const summary = await (await fetch(`${url}/__simulator/console/api/summary`)).json();
        expect(summary).toMatchObject({ rateLimitPerMinute: null, faults: [] });
        await Promise.all([page.waitForNavigation(), page.click('#submit')]);
        expect(await page.content()).toContain('Cross-origin request refused');
        expect(simulator.customers).toHaveLength(1);
      } finally {
        await attacker.close();
      }
    });

    it('shows the first page of 10,000 customers within a second', async () => {
      // Seeded in the store directly: 10,000 creates over HTTP take a minute on a shared machine.
      const core = createSimulatorCore({ apiKey: KEY });
      for (let n = 0; n < 10_000; n++) {
        core.store.customers.insert({
          name: `Seed ${n}`,
          externalId: `seed-${n}`,
          emails: [{ email: `seed-${n}@example.com` }],
        });
      }
      const server = createSimulatorServer(core);
      ({ url } = await server.listen(0, '127.0.0.1'));
      stop = () => server.close();
      await openPage();
      // Five loads of the page, each timed from its navigation.
      const ms = await sampled([1, 2, 3, 4, 5], async () => {
        const began = Date.now();
        await page.goto(`${url}/`);
        return shownSince(began, ROWS, 1);
      });
      console.log(
        `console: the first page with 10,000 customers showed in ${ms.median.toFixed(0)} ms (median of ${ms.all})`,
      );
      expect(ms.median).toBeLessThan(1000);
      await poll(countOf(ROWS)).toBe(50);
      await poll(textOf('#customer-total')).toBe('1–50 of 10,000');
      await page.fill('#customer-search', 'seed-9876@');
      await poll(countOf(ROWS)).toBe(1);
    });

    it('takes the screenshot for the docs', async () => {
      // A rate-limited run: customers and events, then a burst of lookups past the limit.
      await start({
        rateLimitPerMinute: 100,
        faults: [{ status: 503, everyNth: 9, times: 4, method: 'GET' }],
      });
      const people = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Barbara Liskov', 'Linus T'];
      const companies: string[] = [];
      for (const name of ['Acme', 'Initech']) {
        const made = await kustomer('/v1/companies', { name });
        companies.push(((await made.json()) as { data: { id: string } }).data.id);
      }
      for (const [i, name] of [...people, 'Margaret Hamilton', 'Ken Thompson'].entries()) {
        const externalId = `user-${i}`;
        const email = `${name.split(' ')[0]?.toLowerCase()}@example.com`;
        const company = companies[i % 2];
        await kustomer('/v1/customers', { name, externalId, company, emails: [{ email }] });
        await kustomer('/v1/tracking/identityEvent', {
          identity: { externalId },
          event: { name: 'Order-Completed', meta: { total: 10 + i } },
        });
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      for (let wave = 0; wave < 3; wave++) {
        await Promise.all(
          Array.from({ length: 40 }, (_, n) =>
            kustomer(`/v1/customers/externalId=x${n}`, undefined, 'GET'),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      people.push('', '');
      await page.goto(`${url}/`);
      await poll(countOf(ROWS)).toBe(people.length);
      await page.waitForTimeout(1200);
      const file =
        process.env.UPDATE_SCREENSHOTS === '1'
          ? join(DOCS, 'console.png')
          : join(tmpdir(), `console-${process.pid}.png`);
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1280, height: 540 } });
      console.log(`console: screenshot written to ${file}`);
    });
  },
);

/** What the page holds for the timings: see `recordCounts`. */
type InPage = {
  document: { querySelectorAll(selector: string): { length: number } };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: { childList: true; subtree: true }): void };
  shownAt: Record<string, number[]>;
};

/**
 * Runs in the page before its own scripts: `shownAt[selector][n - 1]` is the epoch millisecond at
 * which the page first held n elements matching it, noted by the DOM's own MutationObserver.
 * Timing a wait of Playwright's measures Playwright as well: a locator's `waitFor()` checks 0, 20,
 * 50, 100, 100, then 500 ms apart (`retryWithProgressAndBackoff`,
 * https://github.com/microsoft/playwright/blob/main/packages/playwright-core/src/server/frames.ts),
 * and on a busy machine a page's first `waitForFunction` returned a second after the row it waited
 * for was drawn, 118 ms after the send.
 */
function recordCounts(selectors: string[]): void {
  const inPage = globalThis as unknown as InPage;
  const shownAt: Record<string, number[]> = Object.fromEntries(selectors.map((s) => [s, []]));
  inPage.shownAt = shownAt;
  new inPage.MutationObserver(() => {
    for (const [selector, times] of Object.entries(shownAt)) {
      const count = inPage.document.querySelectorAll(selector).length;
      for (let n = times.length; n < count; n++) times.push(Date.now());
    }
  }).observe(inPage.document, { childList: true, subtree: true });
}

/** Milliseconds from `since` (epoch) until the page first held `count` of `selector`. */
async function shownSince(since: number, selector: string, count: number): Promise<number> {
  await poll(countOf(selector)).toBeGreaterThanOrEqual(count);
  const at = await page.evaluate(
    ([watched, n]) => (globalThis as unknown as InPage).shownAt[watched]?.[n - 1],
    [selector, count] as const,
  );
  if (at === undefined) throw new Error(`the page did not record when it showed ${selector}`);
  // Drawn before the send returned (the console heard of it first): no wait at all.
  return Math.max(0, at - since);
}

/**
 * One timing per input, in turn, and their median. On a 2-core machine that runs other tests
 * beside this one, about one timing in ten stalls for 0.7–0.9 s, in the browser or in the server
 * alike (docs/simulator.md); the median of five does not depend on one or two of them, while a
 * console that is slow every time still fails.
 */
async function sampled<T>(
  inputs: readonly T[],
  measure: (input: T, index: number) => Promise<number>,
): Promise<{ median: number; all: string }> {
  const times: number[] = [];
  for (const [i, input] of inputs.entries()) times.push(await measure(input, i));
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return { median, all: times.map((t) => t.toFixed(0)).join(', ') };
}

/** A page on another port that tries to change the simulator: fetch, no-cors and a form. */
async function serveAttacker(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html><title>attacker</title>
<form id="form" method="post" action="${target}/__simulator/reset"><button id="submit">go</button></form>
<script>
(async () => {
  const seen = {};
  const attempt = async (name, path, init) => {
    try { seen[name] = (await fetch('${target}' + path, init)).status; }
    catch (error) { seen[name] = 'blocked'; }
  };
  await attempt('reset', '/__simulator/reset', { method: 'POST' });
  await attempt('resetNoCors', '/__simulator/reset', { method: 'POST', mode: 'no-cors' });
  await attempt('settings', '/__simulator/console/api/settings', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: '{"rateLimitPerMinute":1}' });
  await attempt('fault', '/__simulator/console/api/faults', { method: 'POST', mode: 'no-cors',
    headers: { 'content-type': 'text/plain' }, body: '{"status":503}' });
  await attempt('customers', '/__simulator/customers', {});
  window.seen = seen;
  document.title = 'done';
})();
</script>`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
