import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isBlank, type NdjsonLine, parseLine, readLines } from '../../../src/cli/ndjson.js';

async function collect(
  text: string | Array<string | Buffer>,
  maxLineBytes?: number,
): Promise<NdjsonLine[]> {
  const chunks = Array.isArray(text) ? text : [text];
  const out: NdjsonLine[] = [];
  for await (const line of readLines(Readable.from(chunks), undefined, maxLineBytes)) {
    out.push(line);
  }
  return out;
}

describe('readLines', () => {
  it('numbers lines from 1, counting blank lines as an editor does', async () => {
    const lines = await collect('{"a":1}\n\n{"b":2}\n');
    expect(lines.map((l) => [l.line, l.text])).toEqual([
      [1, '{"a":1}'],
      [2, ''],
      [3, '{"b":2}'],
    ]);
  });

  it('reads a last line without a trailing newline', async () => {
    const lines = await collect('{"a":1}\n{"b":2}');
    expect(lines.map((l) => l.text)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('strips CRLF line endings', async () => {
    const lines = await collect('{"a":1}\r\n{"b":2}\r\n');
    expect(lines.map((l) => l.text)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('joins a line split across chunks', async () => {
    const lines = await collect(['{"na', 'me":"x"}\n{"b"', ':2}\n']);
    expect(lines.map((l) => l.text)).toEqual(['{"name":"x"}', '{"b":2}']);
  });

  it('keeps a multi-byte character split across chunks whole', async () => {
    const bytes = Buffer.from('{"n":"é"}\n');
    const lines = await collect([bytes.subarray(0, 7), bytes.subarray(7)]);
    expect(lines[0]?.text).toBe('{"n":"é"}');
  });

  it('skips a line over the limit to its end, keeping a preview, and reads on', async () => {
    const long = `{"x":"${'a'.repeat(5000)}"}`;
    const lines = await collect([long.slice(0, 3000), `${long.slice(3000)}\n{"b":2}\n`], 4096);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ line: 1, truncated: true, bytes: long.length + 1 });
    expect(lines[0]?.text).toBe(long.slice(0, 1024));
    expect(lines[1]).toEqual({ line: 2, text: '{"b":2}', bytes: 8 });
  });

  it('reads a line exactly at the limit whole', async () => {
    const line = 'x'.repeat(64);
    const [read] = await collect(`${line}\n`, 64);
    expect(read).toEqual({ line: 1, text: line, bytes: 65 });
  });

  it('stops at once when the signal aborts', async () => {
    const controller = new AbortController();
    const input = new Readable({ read() {} });
    input.push('{"a":1}\n');
    const seen: string[] = [];
    for await (const line of readLines(input, controller.signal)) {
      seen.push(line.text);
      controller.abort();
    }
    expect(seen).toEqual(['{"a":1}']);
  });

  it('counts each line’s bytes with its line break, multi-byte characters included', async () => {
    const lines = await collect('{"n":"é"}\n');
    expect(lines[0]?.bytes).toBe(Buffer.byteLength('{"n":"é"}\n'));
  });
});

describe('parseLine', () => {
  it('parses a JSON object', () => {
    expect(parseLine('{"type":"track"}')).toEqual({ ok: true, value: { type: 'track' } });
  });

  it('explains why a line is not JSON', () => {
    const parsed = parseLine('{"type":');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/^invalid JSON: /);
  });
});

describe('isBlank', () => {
  it('treats whitespace-only lines as blank', () => {
    expect(isBlank('  \t')).toBe(true);
    expect(isBlank(' {} ')).toBe(false);
  });
});
