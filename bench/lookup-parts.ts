/**
 * Where the CPU of one lookup request goes: the Web-API objects one attempt of the client builds
 * and reads (timeout signal, Request with its headers, the stub's Response, the JSON body), each
 * timed alone. What is left of the measured cost per lookup (processor.ts) after these is the
 * client's own logic and openapi-fetch.
 */
import { type BenchOptions, type BenchResult, bench, benchAsync } from './harness.js';

const URL_BY_EMAIL = 'https://api.kustomerapp.com/v1/customers/email=ada1%40example.com';
const FOUND = { data: { type: 'customer', id: 'c-1', attributes: {} } };

export async function benchLookupParts(options: BenchOptions = {}): Promise<BenchResult[]> {
  return [
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
