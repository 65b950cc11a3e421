import { afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli, spawnCli, waitForOutput } from './support/cli.js';

afterEach(killAll);

describe('kustomer-destination demo', () => {
  it('delivers the sample events to an in-process simulator and reports what landed', async () => {
    const result = await runCli(['demo'], { timeoutMs: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Kustomer destination demo$/m);
    expect(result.stdout).toMatch(
      /^Delivered [\d,]+ of [\d,]+ events in .*3 rejected, as intended$/m,
    );
    for (const section of [
      'Customers in Kustomer',
      'Tracking events by name',
      'Rejected events',
      'Requests made',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^${section}`, 'm'));
    }
    expect(result.stdout).toMatch(/^ {2}created +\d+$/m);
    expect(result.stdout).toMatch(/^ {2}Checked-Out +1$/m);
    expect(result.stdout).toContain('track without an event name');
    expect(result.stdout).toMatch(/^Elapsed /m);
  });

  it('keeps the simulator and its console up after the report with --console, until SIGINT', async () => {
    const demo = spawnCli(['demo', '--console', '--events', '20', '--no-progress']);
    const [, url] = await waitForOutput(demo, /^Console: (http:\/\/127\.0\.0\.1:\d+)\/ /m, 60_000);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Kustomer simulator</title>');
    const summary = await fetch(`${url}/__simulator/console/api/summary`);
    expect(await summary.json()).toMatchObject({ customers: expect.any(Number) });
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
