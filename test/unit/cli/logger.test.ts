import { describe, expect, it } from 'vitest';
import { createStderrLogger } from '../../../src/cli/logger.js';

describe('createStderrLogger', () => {
  it('prints one line per record: level, message, then the fields', () => {
    const lines: string[] = [];
    const logger = createStderrLogger({ write: (line) => lines.push(line) });
    logger.debug?.('http attempt', {
      operation: 'createCustomer',
      method: 'POST',
      path: '/v1/customers',
      status: 201,
      attempt: 1,
      durationMs: 35,
    });
    logger.warn?.('invalid event', { reason: 'no type given' });
    expect(lines).toEqual([
      'debug http attempt operation=createCustomer method=POST path=/v1/customers status=201 attempt=1 durationMs=35',
      'warn invalid event reason="no type given"',
    ]);
  });

  it('masks the API key, raw and JSON-escaped, wherever it appears', () => {
    const lines: string[] = [];
    const secret = 'k"e\\y-123';
    const logger = createStderrLogger({ write: (line) => lines.push(line), secret });
    logger.debug?.(`echo ${secret}`, { body: { key: secret } });
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(lines[0]).toContain('[REDACTED]');
  });
});
