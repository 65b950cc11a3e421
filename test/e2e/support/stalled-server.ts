/** An HTTP server that takes every request and never answers, as a stalled Kustomer would. */
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export interface StalledServer {
  url: string;
  /** Requests received so far. */
  received(): number;
  close(): Promise<void>;
}

export async function startStalledServer(): Promise<StalledServer> {
  const sockets = new Set<Socket>();
  let received = 0;
  const server = createServer((request: IncomingMessage) => {
    received += 1;
    request.resume();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    received: () => received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}

/** A local port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
