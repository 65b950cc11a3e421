/**
 * The built CLI as child processes: started, watched for peak memory, stopped. Peak RSS is the
 * kernel's high-water mark (`VmHWM` in /proc/<pid>/status, Linux), sampled until the process ends,
 * so it is the child's own figure and not this script's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The CLI as `npm run build` leaves it. */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
}

/** The process's peak resident set in MB so far, or undefined once it is gone. */
function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Samples a child's peak RSS every `everyMs` until it exits; read `.peakMb` at any time. */
export function watchPeak(child: ChildProcess, everyMs = 20): { readonly peakMb: number } {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, peakRssMb(child.pid) ?? 0);
  };
  const timer = setInterval(sample, everyMs);
  child.once('exit', () => clearInterval(timer));
  return {
    get peakMb() {
      sample();
      return peak;
    },
  };
}

/** Starts a long-running CLI command and resolves once it prints `ready`, with its URL. */
export async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found !== undefined && /^ready$/m.test(output)) resolve(found);
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, url };
}

/** Stops a child started here (SIGTERM to its own pid) and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Runs a CLI command to its end, its output going to /dev/null (a dry run prints gigabytes);
 * resolves to its exit code, wall seconds and peak RSS.
 */
export async function runCli(
  args: string[],
  nodeArgs: string[] = [],
): Promise<{ code: number | null; seconds: number; peakMb: number }> {
  const devNull = openSync('/dev/null', 'w');
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
    stdio: ['ignore', devNull, devNull],
  });
  const peak = watchPeak(child);
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
  });
  closeSync(devNull);
  return { code, seconds: (performance.now() - started) / 1000, peakMb: peak.peakMb };
}
