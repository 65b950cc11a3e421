/**
 * Where the CPU of one lookup request goes, from the outside in: the public client's lookup on a
 * stub fetch; openapi-fetch alone on the same stub (the layer under the client); and the Web-API
 * objects one attempt builds and reads (timeout signal, Request with its headers, the stub's
 * Response, the JSON body), each timed alone.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../generated/kustomer.js';
import { built } from './built.js';
import { type BenchOptions, type BenchResult, bench, benchAsync } from './harness.js';

const { createKustomerClient } = built;

const URL_BY_EMAIL = 'https://api.kustomerapp.com/v1/customers/email=ada1%40example.com';
const FOUND = { data: { type: 'customer', id: 'c-1', attributes: {} } };

const notFound = async () => new Response(null, { status: 404 });
const found = async () => Response.json(FOUND);

export async function benchLookupParts(options: BenchOptions = {}): Promise<BenchResult[]> {
  const baseUrl = 'https://api.kustomerapp.com';
  const client = (fetch: typeof notFound) => createKustomerClient({ apiKey: 'k', baseUrl, fetch });
  const missing = client(notFound);
  const hit = client(found);
  const raw = createClient<paths>({ baseUrl, fetch: notFound });
  const path = { email: 'ada1@example.com' };
  return [
    await benchAsync(
      {
        name: 'client getByEmail, 404 (stub fetch)',
        fn: () => missing.customers.getByEmail(path.email),
      },
      options,
    ),
    await benchAsync(
      {
        name: 'client getByEmail, found (stub fetch)',
        fn: () => hit.customers.getByEmail(path.email),
      },
      options,
    ),
    await benchAsync(
      {
        name: 'openapi-fetch GET alone, 404 (stub fetch)',
        fn: () => raw.GET('/v1/customers/email={email}', { params: { path } }),
      },
      options,
    ),
    await benchAsync(
      {
        name: 'openapi-fetch GET alone + AbortSignal.timeout, 404',
        fn: () =>
          raw.GET('/v1/customers/email={email}', {
            params: { path },
            signal: AbortSignal.timeout(10_000),
          }),
      },
      options,
    ),
    bench(
      { name: 'part: AbortSignal.timeout(10 s)', fn: () => AbortSignal.timeout(10_000) },
      options,
    ),
    bench(
      {
        name: 'part: new Request + 2 headers set',
        fn: () => {
          const request = new Request(URL_BY_EMAIL, { method: 'GET' });
          request.headers.set('Authorization', 'Bearer bench-key');
          request.headers.set('User-Agent', 'kustomer-destination/0.0.0');
          return request;
        },
      },
      options,
    ),
    bench(
      { name: 'part: new Response(null, 404)', fn: () => new Response(null, { status: 404 }) },
      options,
    ),
    await benchAsync(
      { name: 'part: Response.json(found) then .json()', fn: () => Response.json(FOUND).json() },
      options,
    ),
    bench({ name: 'part: new URL(url)', fn: () => new URL(URL_BY_EMAIL) }, options),
  ];
}
