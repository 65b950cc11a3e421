/**
 * Runs the BUILT command line (`node dist/src/cli/main.js …`) as a child process, as a user would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const cliPath = resolve(repoRoot, 'dist/src/cli/main.js');

if (!existsSync(cliPath)) {
  throw new Error(
    `${cliPath} is missing: run \`npm run build\` before the e2e tests (npm test does it for you)`,
  );
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** Added to the environment (which never carries KUSTOMER_API_KEY unless given here). */
  env?: Record<string, string>;
  /** Kills the child with SIGKILL after this long. Default 60 s. */
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Starts the CLI; the child is killed by `killAll` if still running. */
export function spawnCli(args: readonly string[], options: CliOptions = {}): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.env?.KUSTOMER_API_KEY === undefined) delete env.KUSTOMER_API_KEY;
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  return child;
}

/**
 * Runs a bash pipeline in which `$CLI` stands for the command line, such as
 * `$CLI send f --dry-run | head -1`; bash prints `$CLI`'s own exit status as `exit=N` on stderr.
 */
export function runPipeline(pipeline: string, options: CliOptions = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    // Word-split by bash: neither path has spaces in the test environments.
    CLI: `${process.execPath} ${cliPath}`,
  };
  if (options.env?.KUSTOMER_API_KEY === undefined) delete env.KUSTOMER_API_KEY;
  const child = spawn('bash', ['-c', `${pipeline}; echo "exit=\${PIPESTATUS[0]}" >&2`], {
    cwd: repoRoot,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdin?.end();
  return collect(child, options.timeoutMs ?? 60_000);
}

/** Runs the CLI to its end and collects its output. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  return collect(child, options.timeoutMs ?? 60_000);
}

/** Resolves with the child's exit and output; kills it after `timeoutMs`. */
export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', fail);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** Waits until the child's stdout has a line matching `pattern`; resolves with the match. */
export function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  return new Promise((done, fail) => {
    let seen = '';
    const timer = setTimeout(() => {
      cleanup();
      fail(new Error(`timed out waiting for ${pattern} in:\n${seen}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = seen.match(pattern);
      if (match) {
        cleanup();
        done(match);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      fail(new Error(`exited with ${code} before printing ${pattern}:\n${seen}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Kills every child still running (for afterEach). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
