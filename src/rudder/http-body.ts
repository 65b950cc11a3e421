/**
 * Reading a transformer request's JSON body, within the per-request limit and the server's shared
 * byte budget. A problem becomes an `HttpProblem`: the status and message to answer with.
 */
import type { IncomingMessage } from 'node:http';
import type { AdmissionTicket } from './admission.js';

/** How long a turned-away client is asked to wait before sending again. */
const RETRY_AFTER_SECONDS = 1;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** 503 with `Retry-After`: the server is at a limit, and the same request can succeed later. */
export function busy(what: string): HttpProblem {
  return new HttpProblem(503, `The transformer is busy (${what}); retry later`, {
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });
}

/** How long a request body may take to arrive, by default; a slower sender is dropped. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/**
 * The body, parsed, once it has arrived within `bodyTimeoutMs` and the request has been given a
 * working slot (`AdmissionTicket.work`): a slow sender holds bytes, never one of those slots.
 */
export async function readJson(
  req: IncomingMessage,
  maxBodyBytes: number,
  ticket: AdmissionTicket,
  bodyTimeoutMs = DEFAULT_BODY_TIMEOUT_MS,
): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpProblem(415, 'Content-Type must be application/json');
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw new HttpProblem(415, `Content-Encoding ${shorten(encoding)} is not supported`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes) throw tooLarge(maxBodyBytes);
  // A declared length is counted up front, so a request the budget cannot hold is not read at all.
  const counted = Number.isFinite(declared) && declared > 0 ? declared : 0;
  if (!ticket.take(counted)) throw busy('request bodies in progress');

  let taken = counted;
  const fitsBudget = (size: number): boolean => {
    if (size <= taken) return true;
    if (!ticket.take(size - taken)) return false;
    taken = size;
    return true;
  };
  const bytes = await readBody(req, maxBodyBytes, fitsBudget, bodyTimeoutMs);
  let text: string;
  try {
    // Invalid UTF-8 would otherwise become U+FFFD silently, and two ids could become one.
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw new HttpProblem(400, 'Request body is not valid UTF-8');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'Request body is not valid JSON');
  }
  if (!(await ticket.work())) throw busy('too many requests waiting');
  return body;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads the body up to the limit. Past it, or past the shared budget, the rest is drained and
 * dropped rather than the stream destroyed, so the client still gets its answer.
 */
function readBody(
  req: IncomingMessage,
  maxBodyBytes: number,
  fitsBudget: (size: number) => boolean,
  bodyTimeoutMs: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (problem: HttpProblem) => {
      settled = true;
      clearTimeout(deadline);
      chunks.length = 0;
      reject(problem);
    };
    // A body still arriving at the deadline is a slow sender: its connection is dropped.
    const deadline = setTimeout(() => {
      if (settled) return;
      fail(new HttpProblem(408, `Request body not received within ${bodyTimeoutMs} ms`));
      req.socket.destroy();
    }, bodyTimeoutMs);
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBodyBytes) return fail(tooLarge(maxBodyBytes));
      if (!fitsBudget(size)) return fail(busy('request bodies in progress'));
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(error);
    });
  });
}

function tooLarge(maxBodyBytes: number): HttpProblem {
  return new HttpProblem(413, `Request body is larger than ${maxBodyBytes} bytes`);
}

export function shorten(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
