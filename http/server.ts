import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server that is listening, and how to close it gracefully. */
export interface ListeningServer {
  server: Server;
  /** The URL people and clients reach it at. */
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port (0 = any free port) with timeouts that keep slow clients from holding sockets. */
export function listen(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  host: string,
  port: number,
  publicUrl?: string,
): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    // Koa's handler settles its own errors; the promise only tells when the response is done.
    const server = createServer((request, response) => void handle(request, response));
    // Long enough for a large CSV import streamed at the pace of the consumers; headers still must arrive quickly.
    server.requestTimeout = 15 * 60_000;
    server.headersTimeout = 20_000;
    // Below the idle timeouts of common load balancers, so they never reuse a socket we just closed.
    server.keepAliveTimeout = 5_000;
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: boundPort } = server.address() as AddressInfo;
      const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({ server, url: publicUrl ?? `http://${reachableHost}:${boundPort}`, close: () => closeGracefully(server) });
    });
  });
}

// Stop accepting, let in-flight requests finish, drop idle keep-alive sockets, and cut stragglers after 10 s.
function closeGracefully(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
