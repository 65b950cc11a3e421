/**
 * Live updates as Server-Sent Events (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * every change is coalesced into at most one `change` event per tick, carrying the counts; the page
 * fetches what it shows. A burst of a thousand requests is a handful of events, not a thousand.
 */
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './guard.js';

/** The longest a change waits before the page hears of it. */
const TICK_MS = 50;
const HEARTBEAT_MS = 15_000;

export interface ChangeStream {
  attach(res: ServerResponse): void;
  /** Something changed; `counts` is read when the tick fires. */
  changed(): void;
  close(): void;
}

export function createChangeStream(counts: () => Record<string, unknown>): ChangeStream {
  const clients = new Set<ServerResponse>();
  let tick: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let seq = 0;

  const send = (text: string): void => {
    for (const res of clients) res.write(text);
  };
  const flush = (): void => {
    tick = undefined;
    seq += 1;
    send(`event: change\nid: ${seq}\ndata: ${JSON.stringify({ seq, ...counts() })}\n\n`);
  };

  return {
    attach(res) {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        connection: 'keep-alive',
      });
      res.write(`retry: 1000\nevent: change\ndata: ${JSON.stringify({ seq, ...counts() })}\n\n`);
      clients.add(res);
      heartbeat ??= setInterval(() => send(': ping\n\n'), HEARTBEAT_MS).unref();
      res.on('close', () => {
        clients.delete(res);
        if (clients.size === 0 && heartbeat) {
          clearInterval(heartbeat);
          heartbeat = undefined;
        }
      });
    },
    changed() {
      if (clients.size === 0 || tick) return;
      tick = setTimeout(flush, TICK_MS);
      tick.unref();
    },
    close() {
      if (tick) clearTimeout(tick);
      if (heartbeat) clearInterval(heartbeat);
      tick = undefined;
      heartbeat = undefined;
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
