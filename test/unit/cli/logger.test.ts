import { describe, expect, it } from 'vitest';
import { createStderrLogger, forLine } from '../../../src/cli/logger.js';

describe('createStderrLogger', () => {
  it('names the input line a record is about, across awaits, and only inside that line', async () => {
    const lines: string[] = [];
    const logger = createStderrLogger({ write: (line) => lines.push(line) });
    const work = async (line: number, ms: number) =>
      forLine(line, async () => {
        await new Promise((done) => setTimeout(done, ms));
        logger.debug?.('identify updated', { type: 'identify' });
      });
    await Promise.all([work(3, 20), work(9, 1)]);
    logger.info?.('outside');
    expect(lines).toEqual([
      'debug identify updated line=9 type=identify',
      'debug identify updated line=3 type=identify',
      'info outside',
    ]);
  });

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
