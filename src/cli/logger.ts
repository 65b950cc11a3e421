/**
 * The `--verbose` logger: the destination's log records as one line each on stderr, such as
 * `debug http attempt operation=createCustomer method=POST path=/v1/customers status=201`.
 * Records carry no key by design; the key is still masked here by the one scrubber, in case.
 */
import { scrub } from '../client/redact.js';
import type { Logger } from '../delivery/types.js';

export interface StderrLoggerOptions {
  /** Where each line goes; default stderr. `send` passes its progress bar's `log`. */
  write?: (line: string) => void;
  /** A secret to mask wherever it appears (the API key). */
  secret?: string;
}

export function createStderrLogger(options: StderrLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secret = options.secret ?? '';
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      write(scrub([level, message, ...Object.entries(fields).map(formatField)].join(' '), secret));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function formatField([name, value]: [string, unknown]): string {
  if (value === undefined) return `${name}=`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `${name}=${typeof value === 'string' && /[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
}
