/**
 * The rudder-transformer behind `serve --upstream`: every call that is not Kustomer's goes there,
 * so rudder-server's one `DEST_TRANSFORM_URL` can point at `serve` (docs/rudder-contract.md §10).
 * Bodies are streamed both ways within the request body limit; hop-by-hop headers stay behind.
 */
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigurationError } from '../errors.js';
import { HttpProblem } from './http-body.js';

export interface Upstream {
  /** The origin and base path, without a trailing slash. */
  readonly base: string;
  /** Streams `req` to the upstream at the same path and its answer back to `res`. */
  forward(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<void>;
  /** Sends a JSON body (or none for GET) and reads a JSON answer. */
  json(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    headers?: IncomingHttpHeaders,
  ): Promise<UpstreamAnswer>;
  close(): void;
}

interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

// RFC 9110 §7.6.1: connection-specific fields a proxy must not forward; host is the upstream's.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** Upstream answers read whole (split router and deletion answers) are held to this. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export function createUpstream(url: string): Upstream {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError('upstream must be an http(s) URL', { option: 'upstream' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigurationError('upstream must be an http(s) URL', { option: 'upstream' });
  }
  const secure = parsed.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;

  const open = (method: string, path: string, headers: IncomingHttpHeaders) =>
    send(`${base}${path}`, { method, agent, headers: forwardable(headers) });

  return {
    base,
    async forward(req, res, maxBodyBytes) {
      const outgoing = open(req.method ?? 'GET', req.url ?? '/', req.headers);
      const answered = new Promise<IncomingMessage>((resolve, reject) => {
        outgoing.once('response', resolve);
        outgoing.once('error', reject);
      });
      let sent = 0;
      const bounded = new Transform({
        transform(chunk: Buffer, _encoding, next) {
          sent += chunk.length;
          if (sent > maxBodyBytes)
            next(new HttpProblem(413, `Request body over ${maxBodyBytes} bytes`));
          else next(null, chunk);
        },
      });
      const upload = pipeline(req, bounded, outgoing);
      let incoming: IncomingMessage;
      try {
        [incoming] = await Promise.all([answered, upload]);
      } catch (error) {
        outgoing.destroy();
        if (error instanceof HttpProblem) throw error;
        throw new HttpProblem(502, 'The upstream transformer did not answer');
      }
      res.writeHead(incoming.statusCode ?? 502, forwardable(incoming.headers));
      await pipeline(incoming, res);
    },
    async json(method, path, body, headers = {}) {
      const text = body === undefined ? undefined : JSON.stringify(body);
      // The answer is parsed here, so it must come uncompressed; the length is the new body's.
      const { 'content-length': _length, 'accept-encoding': _encoding, ...kept } = headers;
      const outgoing = open(method, path, {
        ...kept,
        'content-type': 'application/json; charset=utf-8',
        ...(text === undefined ? {} : { 'content-length': String(Buffer.byteLength(text)) }),
      });
      try {
        const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
          outgoing.once('response', resolve);
          outgoing.once('error', reject);
          outgoing.end(text);
        });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of incoming as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) throw new Error('upstream answer too large');
          chunks.push(chunk);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        return { status: incoming.statusCode ?? 502, headers: incoming.headers, body: parse(raw) };
      } catch {
        outgoing.destroy();
        throw new HttpProblem(502, 'The upstream transformer did not answer');
      }
    },
    close: () => agent.destroy(),
  };
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  return out;
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
