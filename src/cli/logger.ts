/**
 * The `--verbose` logger: one line per log record (`debug http attempt line=12 … status=201`),
 * naming the input line it is about; the key is masked by the one scrubber, in case.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { scrub } from '../client/redact.js';
import type { Logger } from '../delivery/types.js';

export interface StderrLoggerOptions {
  /** Where each line goes; default stderr. `send` passes its progress bar's `log`. */
  write?: (line: string) => void;
  /** A secret to mask wherever it appears (the API key). */
  secret?: string;
}

/** The input line being carried out, across the destination's awaits (Node's AsyncLocalStorage). */
const currentLine = new AsyncLocalStorage<number>();

/** Runs `work` so that the log records it makes name input line `line`. */
export function forLine<T>(line: number, work: () => T): T {
  return currentLine.run(line, work);
}

export function createStderrLogger(options: StderrLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secret = options.secret ?? '';
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      const line = currentLine.getStore();
      const all = line === undefined ? fields : { line, ...fields };
      write(scrub([level, message, ...Object.entries(all).map(formatField)].join(' '), secret));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function formatField([name, value]: [string, unknown]): string {
  if (value === undefined) return `${name}=`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `${name}=${typeof value === 'string' && /[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
}
