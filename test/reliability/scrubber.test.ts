/**
 * One scrubber for every field a server can echo the key in (message, code, title, detail, source,
 * headers), in every encoding (raw, JSON, HTML, URL); and short keys that garble nothing.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../src/client/index.js';
import type { AttemptInfo } from '../../src/client/types.js';
import { createKustomerDestination } from '../../src/destination.js';
import { KustomerApiError } from '../../src/errors.js';
import { processorTransform } from '../../src/rudder/index.js';
import { identify } from '../support/events.js';
import { countLeaks, HOSTILE_KEY, keyForms } from './support/leaks.js';

const BASE = 'https://api.kustomerapp.com';
const KEY = `${HOSTILE_KEY}<&>'`;

/** Every form a careless server or proxy may echo the key in. */
const echoes = (key: string) => [
  key,
  JSON.stringify(key).slice(1, -1),
  key
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;'),
  encodeURIComponent(key),
];

/** Answers every request 400 with the key in every field of Kustomer's error shapes and a header. */
function echoingFetch(key: string) {
  return async (): Promise<Response> => {
    const forms = echoes(key);
    const errors = forms.map((form) => ({
      status: 400,
      code: form,
      title: `title ${form}`,
      detail: `detail ${form}`,
      message: `message ${form}`,
      source: { pointer: `/${form}`, parameter: form },
    }));
    return new Response(JSON.stringify({ errors }), {
      status: 400,
      headers: { 'content-type': 'application/json', 'x-echo': encodeURIComponent(key) },
    });
  };
}

async function failure(promise: Promise<unknown>): Promise<KustomerApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof KustomerApiError)) throw new Error('expected a KustomerApiError');
  return error;
}

describe('a key echoed in every field and encoding', () => {
  it('appears nowhere: error code, message, body, JSON, inspect, attempt headers, results, transformer answers', async () => {
    const seen: AttemptInfo[] = [];
    const client = createKustomerClient({
      apiKey: KEY,
      baseUrl: BASE,
      retry: false,
      fetch: echoingFetch(KEY),
    });
    const error = await failure(
      client.customers.create({ name: 'Ada' }, { onAttempt: (a) => seen.push(a) }),
    );
    const destination = createKustomerDestination({
      apiKey: KEY,
      baseUrl: BASE,
      retry: false,
      fetch: echoingFetch(KEY),
    });
    const result = await destination.send(identify('u1', { name: 'Ada' }));
    const answers = await processorTransform(
      [
        {
          message: identify('u1'),
          destination: { Config: { apiKey: KEY } },
          metadata: { jobId: 1 },
        },
      ] as never,
      { fetch: echoingFetch(KEY) },
    );
    expect(result.ok).toBe(false);
    const texts = [
      String(error.code),
      error.message,
      JSON.stringify(error),
      JSON.stringify(error.body),
      inspect(error, { depth: 10 }),
      ...seen.flatMap((attempt) => [...(attempt.headers ?? new Headers())].map(([, v]) => v)),
      JSON.stringify(result),
      JSON.stringify(answers),
    ];
    const leaks = countLeaks(texts, KEY);
    console.log(
      `reliability/scrubber key echoed in code/title/detail/message/source/header × raw/JSON/HTML/URL: ${leaks} of ${texts.length} outputs carry it`,
    );
    expect(error.code).toContain('[REDACTED]');
    expect(leaks).toBe(0);
    for (const form of keyForms(KEY)) expect(texts.join('\n')).not.toContain(form);
  });
});

describe('a key too short to be secret', () => {
  it.each(['k', 't'])('%s is replaced as a whole token only, never inside words', async (key) => {
    const fetch = async () =>
      new Response(
        JSON.stringify({
          errors: [
            { code: key, message: `externalId: another customer; network error; key ${key}.` },
          ],
        }),
        { status: 409, headers: { 'content-type': 'application/json' } },
      );
    const client = createKustomerClient({ apiKey: key, baseUrl: BASE, retry: false, fetch });
    const error = await failure(client.customers.create({ name: 'Ada' }));
    expect(error.messages).toEqual([
      'externalId: another customer; network error; key [REDACTED].',
    ]);
    expect(error.code).toBe('[REDACTED]');
    expect(error.message).toContain('failed with HTTP 409');
  });
});
