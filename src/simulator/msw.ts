/**
 * The simulator as msw request handlers. msw is passed in rather than imported, so that loading the
 * simulator never needs msw (it is an optional peer dependency); index.ts loads it on first use.
 */
import type { http, RequestHandler } from 'msw';
import type { SimulatorCore } from './core.js';

/** Every Kustomer API host: api., api.prod2., api.prod4. and {org}.api. (docs/kustomer-api.md §1). */
export const KUSTOMER_HOSTS = /^https:\/\/([a-z0-9-]+\.)*kustomerapp\.com\/.*/;

/** The part of msw the handlers need. */
export interface MswModule {
  http: Pick<typeof http, 'all'>;
}

export function createMswHandlers(core: SimulatorCore, msw: MswModule): RequestHandler[] {
  return [msw.http.all(KUSTOMER_HOSTS, ({ request }) => answerRequest(core, request))];
}

/** The simulator's answer to a Fetch `Request`: msw's handlers, and a `fetch` in-process (bench). */
export async function answerRequest(core: SimulatorCore, request: Request): Promise<Response> {
  const answer = await core.handle({
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    bodyText: await request.text(),
  });
  if ('drop' in answer) return Response.error();
  return new Response(answer.bodyText === '' ? null : answer.bodyText, {
    status: answer.status,
    headers: answer.headers,
  });
}
