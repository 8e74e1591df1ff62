import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from './log.ts';
import type { BackendOptions } from './options.ts';
import type { LocalService } from './service.ts';

const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, DELETE, HEAD, OPTIONS',
  'access-control-expose-headers':
    'ETag, x-amz-request-id, x-amz-id-2, x-amz-version-id, x-amz-delete-marker, Content-Length, Content-Range, Content-Type, Last-Modified, x-amzn-RequestId, x-amzn-ErrorType, x-amz-meta-*',
  'access-control-max-age': '600',
};

/**
 * The one HTTP server of the local backend: CORS for the browser, the optional added latency and
 * on-purpose failures, a debug log line per request, and dispatch to the services.
 */
export class LocalServer {
  private readonly server: Server;
  private readonly sockets = new Set<Duplex>();
  private v6?: Server;

  constructor(
    private readonly options: BackendOptions,
    private readonly log: Logger,
    private readonly services: LocalService[],
  ) {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /**
   * Listens on the configured host. For the default loopback host it also listens on [::1],
   * because clients resolve "localhost" to either address family.
   */
  async listen(): Promise<number> {
    const port = await listenOn(this.server, this.options.host, this.options.port);
    if (this.options.host === '127.0.0.1') {
      this.v6 = createServer(this.server.listeners('request')[0] as () => void);
      this.v6.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
      this.v6.on('connection', (socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
      await listenOn(this.v6, '::1', port).catch((err: NodeJS.ErrnoException) => {
        // No IPv6 loopback on this machine: 127.0.0.1 alone is fine.
        if (err.code !== 'EADDRNOTAVAIL' && err.code !== 'EAFNOSUPPORT') throw err;
        this.v6 = undefined;
      });
    }
    return port;
  }

  /** Services are added once the port is known (their outputs name it). */
  addService(service: LocalService): void {
    this.services.push(service);
  }

  async close(): Promise<void> {
    const servers = [this.server, this.v6].filter((s): s is Server => !!s);
    const closed = Promise.all(
      servers.map(
        (server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
      ),
    );
    for (const server of servers) server.closeIdleConnections();
    const force = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, 2000);
    await Promise.all(this.services.map((s) => s.close?.()));
    await closed;
    clearTimeout(force);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://local');
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    res.on('finish', () => {
      this.log.debug(
        `${req.method} ${url.pathname}${url.search ? '?…' : ''} ${target(req)}→ ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`,
      );
    });
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '*');
      res.writeHead(204).end();
      return;
    }
    try {
      if (this.options.latencyMs > 0) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      const service = this.services.find((s) => s.claims(req, url));
      if (!service) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: `Nothing is served at ${url.pathname}` }));
        return;
      }
      if (this.options.failRate > 0 && Math.random() < this.options.failRate) {
        req.resume();
        this.log.info(`failing ${req.method} ${url.pathname} on purpose (--fail-rate ${this.options.failRate})`);
        const message = 'Failed on purpose by the local backend (--fail-rate)';
        if (service.failOnPurpose) service.failOnPurpose(res, message);
        else
          res
            .writeHead(503, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailable' })
            .end(JSON.stringify({ __type: 'ServiceUnavailable', message }));
        return;
      }
      await service.handle(req, res, url);
    } catch (err) {
      this.log.error(`${req.method} ${url.pathname}: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ __type: 'InternalFailure', message: (err as Error).message }));
      } else res.destroy();
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://local');
    for (const service of this.services) {
      if (service.upgrade?.(req, socket, head, url)) return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  }
}

function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          Object.assign(
            new Error(
              `Port ${port} on ${host} is already in use. Stop whatever listens there, or start with --port <other> (the Storage client only ever looks at port 20005).`,
            ),
            {
              code: err.code,
            },
          ),
        );
      } else reject(err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

function target(req: IncomingMessage): string {
  const t = req.headers['x-amz-target'];
  return typeof t === 'string' ? `${t.split('.').pop()} ` : '';
}
