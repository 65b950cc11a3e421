/**
 * A real headless Chromium for the console's browser suite, from the npm registry: the
 * `@sparticuz/chromium` package ships the browser inside its tarball (unpacked to the temporary
 * folder on first use, nothing downloaded) and `playwright-core` drives it. Debian's `chromium`
 * package is the fallback. Where neither starts, the suite is skipped with the reason, except
 * under CI=true, where a browser that cannot start is a failure.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export type Launched = { browser: Browser; name: string } | { browser?: undefined; reason: string };

/**
 * Flags of @sparticuz/chromium dropped here: two would weaken the same-origin rules the suite
 * checks, and in one process the browser dies with the first page closed.
 */
const DROPPED = /^--(disable-web-security|allow-running-insecure-content|single-process)$/;
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export async function launchBrowser(): Promise<Launched> {
  const problems: string[] = [];
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    return { reason: `playwright-core is not installed (${messageOf(error)})` };
  }
  const candidates: { name: string; path: () => Promise<string>; args: string[] }[] = [];
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    candidates.push({
      name: '@sparticuz/chromium',
      path: () => chromium.executablePath(),
      args: chromium.args.filter((arg) => !DROPPED.test(arg)),
    });
  } catch (error) {
    problems.push(`@sparticuz/chromium: ${messageOf(error)}`);
  }
  for (const path of SYSTEM_CHROMIUM.filter((p) => existsSync(p))) {
    candidates.push({ name: path, path: async () => path, args: ['--no-sandbox'] });
  }
  for (const candidate of candidates) {
    try {
      const executablePath = await candidate.path();
      const browser = await playwright.chromium.launch({
        executablePath,
        args: candidate.args,
        headless: true,
        timeout: 30_000,
      });
      return { browser, name: `${candidate.name} ${browser.version()}` };
    } catch (error) {
      problems.push(`${candidate.name}: ${messageOf(error).split('\n')[0]}`);
    }
  }
  return { reason: problems.join('; ') || 'no Chromium found' };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
