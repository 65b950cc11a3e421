/**
 * Writing answers: JSON with its length, the apiVersion header rudder-server checks, problems as
 * `{ error }`, and the request path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpProblem } from './http-body.js';

/** rudder-server rejects transformer responses without this header (`SupportedTransformerApiVersion`). */
export const API_VERSION_HEADER = { apiVersion: '2' } as const;

export function answerProblem(req: IncomingMessage, res: ServerResponse, error: HttpProblem): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error.status === 413 || error.status === 503) res.setHeader('Connection', 'close');
  sendJson(
    res,
    error.status,
    { error: error.message },
    { ...API_VERSION_HEADER, ...error.headers },
  );
  // Whatever is left of a rejected body is discarded, not buffered.
  if (!req.complete) req.resume();
}

export function methodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendJson(res, 405, { error: `Method ${req.method ?? ''} not allowed` });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
