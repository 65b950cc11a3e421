/**
 * The simulator over real HTTP (node:http), for the CLI and for clients that cannot use msw, with
 * the web console at `/` (./console/).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebConsole } from './console/http.js';
import type { SimulatorCore } from './core.js';
import { errorBody } from './errors.js';

export interface SimulatorServer {
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

export function createSimulatorServer(core: SimulatorCore): SimulatorServer {
  let server: Server | undefined;
  const web = createWebConsole(core);

  return {
    async listen(port = 0, host = '127.0.0.1') {
      if (server) throw new Error('The simulator is already listening; close() it first');
      const created = createServer((req, res) => {
        void (async () => {
          if (await web.handle(req, res)) return;
          const answer = await core.handle({
            method: req.method ?? 'GET',
            url: req.url ?? '/',
            headers: flatHeaders(req),
            bodyText: await readBody(req),
          });
          if ('drop' in answer) {
            req.socket.destroy();
            return;
          }
          res.writeHead(answer.status, answer.headers);
          res.end(answer.bodyText);
        })().catch(() => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify(errorBody(500, 'Simulator error')));
        });
      });
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(port, host, () => {
          created.off('error', reject);
          resolve();
        });
      });
      server = created;
      web.start(host);
      const { port: bound } = created.address() as AddressInfo;
      const origin = host.includes(':') ? `[${host}]` : host;
      return { url: `http://${origin}:${bound}`, port: bound };
    },
    async close() {
      const running = server;
      if (!running) return;
      server = undefined;
      web.stop();
      await new Promise<void>((resolve, reject) => {
        running.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        running.closeAllConnections();
      });
    },
  };
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
