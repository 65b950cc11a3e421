/**
 * A node:http proxy in front of the simulator that breaks requests on purpose, decided per request
 * by a seeded random source, and counts what it did: faults by kind, connections open at once.
 */
import { Agent, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import { bodyOf, type Started, startServer } from './http.js';

export type Fault =
  /** Answer with this status without forwarding. */
  | { kind: 'status'; status: number; resetSeconds?: number }
  /** Destroy the connection without forwarding. */
  | { kind: 'drop' }
  /** Forward, let the write land, then destroy the connection: the answer is lost. */
  | { kind: 'lose-answer' }
  /** Hold the request past the client's timeout, then drop it unforwarded. */
  | { kind: 'stall'; ms: number }
  /** Hold the request past the client's timeout, then forward it: the write lands late. */
  | { kind: 'late'; ms: number };

export interface ProxyRequest {
  method: string;
  path: string;
  body: string;
}

export interface FaultProxy {
  url: string;
  /** Faults injected, by kind (`status:503`, `drop`, …). */
  readonly injected: Record<string, number>;
  /** Requests the proxy received. */
  readonly requests: number;
  /** Requests forwarded without a fault whose client had gone when the answer came back. */
  readonly abandoned: number;
  /** The most client connections open at once. */
  readonly peakConnections: number;
  /** The most requests at once whose client was still waiting for the answer. */
  readonly peakInFlight: number;
  /** Writes still to land late; `settled()` waits for them. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(
  target: string,
  decide: (request: ProxyRequest) => Fault | undefined,
): Promise<FaultProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const injected: Record<string, number> = {};
  const pending = new Set<Promise<unknown>>();
  let requests = 0;
  let abandoned = 0;
  let open = 0;
  let peak = 0;
  let inFlight = 0;
  let peakInFlight = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    const body = await bodyOf(req);
    const incoming = { method: req.method ?? 'GET', path: req.url ?? '/', body };
    const fault = decide(incoming);
    if (fault !== undefined) {
      const name = fault.kind === 'status' ? `status:${fault.status}` : fault.kind;
      injected[name] = (injected[name] ?? 0) + 1;
    }
    switch (fault?.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.resetSeconds !== undefined)
          headers['x-ratelimit-reset'] = `${fault.resetSeconds}`;
        res.writeHead(fault.status, headers);
        res.end(JSON.stringify({ errors: [{ code: 'injected', message: 'injected fault' }] }));
        return;
      }
      case 'drop':
        req.socket.destroy();
        return;
      case 'stall':
        await sleep(fault.ms);
        req.socket.destroy();
        return;
      case 'lose-answer':
        await send(target, agent, incoming, req);
        req.socket.destroy();
        return;
      case 'late': {
        const landed = sleep(fault.ms).then(() => send(target, agent, incoming, req));
        pending.add(landed);
        await landed.finally(() => pending.delete(landed));
        req.socket.destroy();
        return;
      }
      default: {
        const answer = await send(target, agent, incoming, req);
        // The client gave up (its timeout) while the write was being applied: an answer lost.
        if (res.destroyed || req.socket.destroyed) abandoned += 1;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      }
    }
  };

  const started: Started = await startServer((req, res) => {
    // In flight while its client still waits: a request whose client gave up (a timeout) is not.
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.once('close', () => {
      inFlight -= 1;
    });
    handle(req, res).catch(() => req.socket.destroy());
  });
  started.server.on('connection', (socket) => {
    open += 1;
    peak = Math.max(peak, open);
    socket.once('close', () => {
      open -= 1;
    });
  });
  return {
    url: started.url,
    injected,
    get requests() {
      return requests;
    },
    get abandoned() {
      return abandoned;
    },
    get peakConnections() {
      return peak;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close() {
      await started.close();
      agent.destroy();
    },
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function send(
  target: string,
  agent: Agent,
  incoming: ProxyRequest,
  req: IncomingMessage,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'user-agent']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return new Promise((resolve, reject) => {
    const out = forward(
      `${target}${incoming.path}`,
      { method: incoming.method, headers, agent },
      (response) => {
        bodyOf(response).then((body) => {
          const kept: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string' && !HOP_BY_HOP.has(name)) kept[name] = value;
          }
          resolve({ status: response.statusCode ?? 502, headers: kept, body });
        }, reject);
      },
    );
    out.once('error', reject);
    out.end(incoming.body === '' ? undefined : incoming.body);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Headers that describe one connection's framing, not the answer: the proxy frames its own.
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
