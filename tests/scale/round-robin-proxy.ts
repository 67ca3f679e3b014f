import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Methods a client may send twice without changing anything: a request cut off mid-way is tried on the next replica. */
const SAFE_TO_REPEAT = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A connection per request: a dead replica's kept-alive sockets never carry a POST that then cannot be retried. */
const FRESH_CONNECTIONS = new http.Agent({ keepAlive: false });

/**
 * The load balancer in front of a service's replicas, as a deployment has one: each request goes to the next replica
 * in turn. A replica that refuses the connection (it is dead) is skipped and the request goes to the next, since
 * nothing reached it; a GET cut off mid-way is repeated on the next one. A POST cut off mid-way answers 502, as a
 * real balancer does, and the client decides (its Idempotency-Key makes a retry safe). Counts what each replica
 * answered, so a test can see the calls were spread.
 */
export class RoundRobinProxy {
  readonly answered: number[];
  private next = 0;
  private server: http.Server | null = null;

  constructor(private readonly backends: string[]) {
    this.answered = backends.map(() => 0);
  }

  async start(): Promise<string> {
    this.server = http.createServer((request, response) => {
      const body: Buffer[] = [];
      request.on('data', (chunk: Buffer) => body.push(chunk));
      request.on('end', () => this.forward(request, Buffer.concat(body), response, this.backends.length));
    });
    this.server.listen(0, '127.0.0.1');
    await new Promise((resolve) => this.server!.once('listening', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse, triesLeft: number): void {
    const index = this.next++ % this.backends.length;
    const target = new URL(request.url ?? '/', this.backends[index]);
    let answered = false;
    const upstream = http.request(target, { method: request.method, headers: { ...request.headers, host: target.host }, agent: FRESH_CONNECTIONS }, (reply) => {
      answered = true;
      this.answered[index] += 1;
      response.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(response);
      // The replica died while streaming: the client sees its connection cut, as it would behind a real balancer.
      reply.on('error', () => response.destroy());
      reply.on('aborted', () => response.destroy());
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return response.destroy();
      const retry = triesLeft > 1 && (error.code === 'ECONNREFUSED' || SAFE_TO_REPEAT.has(request.method ?? ''));
      if (retry) return this.forward(request, body, response, triesLeft - 1);
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `the replica at ${target.host} failed: ${error.message}` }));
    });
    upstream.end(body);
  }
}
