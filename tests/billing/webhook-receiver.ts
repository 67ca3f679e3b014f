import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the receiver got, with which of the secrets it was given verified each signature. */
export type ReceivedWebhook = {
  path: string;
  id: string;
  timestamp: number;
  body: string;
  /** For each v1 signature in the header, in order: the index of the secret it verifies under, or -1. */
  verifiedBy: number[];
  answered: number;
  at: number;
};

/**
 * A tenant's webhook receiver on loopback that checks Standard Webhooks signatures from the specification itself
 * (HMAC-SHA256 over `id.timestamp.body` with the base64 key after `whsec_`), not with the library billing signs with.
 * Each path answers as `answer` says, given how many times it has seen the message id.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server!: Server;
  private readonly seen = new Map<string, number>();

  constructor(
    /** The secrets a path's signatures are checked against, current first. */
    public secrets: (path: string) => string[],
    public answer: (path: string, timesSeen: number) => number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const id = String(request.headers['webhook-id']);
        const timestamp = Number(request.headers['webhook-timestamp']);
        const body = Buffer.concat(chunks).toString('utf8');
        const signatures = String(request.headers['webhook-signature'] ?? '').split(' ');
        const keys = this.secrets(path).map((secret) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64'));
        const verifiedBy = signatures.map((signature) => keys.findIndex((key) => verifies(key, signature, id, timestamp, body)));
        const times = (this.seen.get(`${path} ${id}`) ?? 0) + 1;
        this.seen.set(`${path} ${id}`, times);
        const answered = this.answer(path, times);
        this.received.push({ path, id, timestamp, body, verifiedBy, answered, at: Date.now() });
        response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : `not yet (${times})`);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  on(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function verifies(key: Buffer, signature: string, id: string, timestamp: number, body: string): boolean {
  const [version, value] = signature.split(',');
  if (version !== 'v1' || !value) return false;
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  const given = Buffer.from(value, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
