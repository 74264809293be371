import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Serves one request; a returned promise that rejects is an unexpected failure (see `FailureAnswer`). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * How a product answers a request its handler failed on unexpectedly (a bug): its own 500 shape.
 * The safety net that keeps one bad request from taking the process down; the fixes belong in the
 * handlers, which answer every foreseeable problem with a 4xx.
 */
export type FailureAnswer = (res: ServerResponse) => void;

export interface Listener {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Binds one product's handler to host:port (0 = a free port). */
export async function listen(
  handler: RequestHandler,
  options: { host: string; port: number; tls?: { key: string; cert: string }; onFailure?: FailureAnswer },
): Promise<Listener> {
  const guarded = guard(handler, options.onFailure ?? plainFailure);
  const server: Server = options.tls ? createTlsServer(options.tls, guarded) : createServer(guarded);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function guard(handler: RequestHandler, onFailure: FailureAnswer): RequestHandler {
  return (req, res) => {
    const fail = (error: unknown) => {
      console.error('[emulator] unexpected error:', error);
      if (res.headersSent || res.destroyed) res.destroy();
      else onFailure(res);
    };
    try {
      const pending = handler(req, res);
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

function plainFailure(res: ServerResponse): void {
  const body = JSON.stringify({ error: 'the emulator failed unexpectedly; see its stderr' });
  res.writeHead(500, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
