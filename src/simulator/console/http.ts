/**
 * The web console over the simulator's HTTP server: the page at `/`, its files, its JSON endpoints
 * and its live stream, all same-origin only; the inspection endpoints get the same guard. Kustomer's
 * own paths are left to the core.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorCore } from '../core.js';
import { errorBody } from '../errors.js';
import { INSPECTION_PREFIX } from '../inspect.js';
import { API_PREFIX, answerApi, type ConsoleState, counts } from './api.js';
import { ASSET_PREFIX, asset } from './assets.js';
import { createCustomerViews } from './customers.js';
import { crossOriginRefusal, SECURITY_HEADERS } from './guard.js';
import { createRequestLog } from './log.js';
import { createChangeStream } from './stream.js';

const STREAM_PATH = '/__simulator/console/stream';
/** Control requests are small JSON objects. */
const MAX_CONTROL_BYTES = 16 * 1024;

export interface WebConsole {
  /** Starts recording requests for the page (the server calls it on listen). */
  start(boundHost: string): void;
  /** Stops recording and ends the live streams. */
  stop(): void;
  /** Answers the request if it is the console's, or refuses it; false leaves it to the core. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function createWebConsole(core: SimulatorCore): WebConsole {
  const log = createRequestLog(core.store);
  const stream = createChangeStream(() => counts(state));
  const state: ConsoleState = {
    core,
    log,
    customers: createCustomerViews(core.store),
    changed: () => stream.changed(),
  };
  let host = '127.0.0.1';
  let unsubscribe: (() => void)[] = [];

  return {
    start(boundHost) {
      host = boundHost;
      unsubscribe = [
        core.observe((exchange) => {
          log.record(exchange);
          stream.changed();
        }),
        core.onReset(() => {
          log.reset();
          stream.changed();
        }),
      ];
    },
    stop() {
      for (const off of unsubscribe) off();
      unsubscribe = [];
      stream.close();
    },
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://console.invalid');
      const { pathname } = url;
      const method = req.method ?? 'GET';
      const page = pathname === '/' && (method === 'GET' || method === 'HEAD');
      if (!page && !pathname.startsWith(INSPECTION_PREFIX)) return false;
      const refusal = crossOriginRefusal(req, host, { navigation: page });
      if (refusal !== undefined) {
        json(res, 403, errorBody(403, `Cross-origin request refused: ${refusal}`));
        return true;
      }
      if (page) return file(res, 'index.html', method);
      if (pathname.startsWith(ASSET_PREFIX)) {
        return file(res, pathname.slice(ASSET_PREFIX.length), method);
      }
      if (pathname === STREAM_PATH && method === 'GET') {
        stream.attach(res);
        return true;
      }
      if (!pathname.startsWith(API_PREFIX)) return false;
      let body: unknown;
      if (method === 'POST') {
        // A JSON content type cannot be sent cross-origin without a preflight, which is refused.
        if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
          json(res, 415, errorBody(415, 'Console controls take application/json'));
          return true;
        }
        const text = await readText(req);
        if (text === undefined) {
          json(res, 413, errorBody(413, `body: larger than ${MAX_CONTROL_BYTES} bytes`));
          return true;
        }
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          json(res, 400, errorBody(400, 'body: is not valid JSON'));
          return true;
        }
      }
      const answer = answerApi(
        state,
        method,
        pathname.slice(API_PREFIX.length),
        url.searchParams,
        body,
      );
      json(res, answer.status, answer.body);
      return true;
    },
  };
}

function file(res: ServerResponse, name: string, method: string): true {
  const found = asset(name);
  if (!found) {
    json(res, 404, errorBody(404, `No console file ${name}`));
    return true;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': found.type });
  res.end(method === 'HEAD' ? undefined : found.body);
  return true;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
  });
  res.end(JSON.stringify(body));
}

/** The body as text, or undefined when it is larger than a control request can be. */
async function readText(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_CONTROL_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
