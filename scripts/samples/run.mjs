// What the sample runs share: the built CLI run as a child process (stdout, stderr, exit code), a
// scratch directory, a simulator over HTTP, and the transcript a terminal would show.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');

/** The built package's module at `path` (under dist/src). */
export const built = (path) => import(join(root, 'dist/src', path));

/**
 * Runs the CLI in `cwd` with no KUSTOMER_API_KEY unless given: resolves to `{ stdout, stderr, code }`.
 * `onStart(child)` may signal it (the SIGINT samples). Async: a simulator in this process answers it.
 */
export function runCli(args, { cwd = root, input, env = {}, onStart } = {}) {
  const childEnv = { ...process.env, ...env, NO_COLOR: '1' };
  if (env.KUSTOMER_API_KEY === undefined) delete childEnv.KUSTOMER_API_KEY;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? signal });
    });
    child.stdin.end(input ?? '');
    onStart?.(child);
  });
}

/** A scratch directory for `use(dir)`, removed afterwards. */
export async function inScratch(use) {
  const dir = mkdtempSync(join(tmpdir(), 'kd-sample-'));
  try {
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A simulator listening on a free port for `use({ url, simulator })`, closed afterwards. */
export async function withSimulator(options, use) {
  const { createKustomerSimulator } = await built('simulator/index.js');
  const simulator = createKustomerSimulator(options);
  try {
    const { url } = await simulator.listen(0, '127.0.0.1');
    return await use({ url, simulator });
  } finally {
    await simulator.close();
  }
}

export function writeNdjson(path, values) {
  writeFileSync(path, values.map((value) => `${JSON.stringify(value)}\n`).join(''));
}

/**
 * A transcript: each step `[shown, result, { echo }]` prints `$ shown` and what it wrote (stdout,
 * then stderr), and `$ echo $?` with its exit code when `echo` is set; a plain string is a line.
 */
export function transcript(steps) {
  const out = [];
  for (const step of steps) {
    if (typeof step === 'string') {
      out.push(step);
      continue;
    }
    const [shown, result, options = {}] = step;
    out.push(`$ ${shown}`);
    const text = `${result.stdout}${result.stderr}`.replace(/\n$/, '');
    if (text !== '') out.push(text);
    if (options.echo) out.push('$ echo $?', String(result.code));
  }
  return `${out.join('\n')}\n`;
}

/** The simulator's flags for the CLI (the shown command says 127.0.0.1:PORT). */
export const at = (url) => ['--base-url', url, '--allow-insecure-base-url'];
export const SHOWN_AT = '--base-url http://127.0.0.1:PORT --allow-insecure-base-url';
