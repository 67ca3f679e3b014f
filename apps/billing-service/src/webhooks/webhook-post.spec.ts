import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { postWebhook } from './webhook-post';

describe('posting a webhook', () => {
  let server: Server;
  let base: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  let answer: (response: ServerResponse) => void = (response) => response.writeHead(204).end();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
        answer(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (received.length = 0));

  const limits = { timeoutMs: 2_000, maxResponseBytes: 16, allowPrivate: 'loopback' as const };

  it('sends the body with its headers and reads at most maxResponseBytes of the answer', async () => {
    answer = (response) => response.writeHead(500, { 'content-type': 'text/plain' }).end('x'.repeat(100_000));
    const outcome = await postWebhook(new URL(`${base}/hook`), { 'webhook-id': 'evt_1' }, '{"a":1}', limits);
    expect(outcome).toEqual({ status: 500, body: 'x'.repeat(16), error: null });
    expect(received).toEqual([{ headers: expect.objectContaining({ 'webhook-id': 'evt_1', 'content-type': 'application/json' }), body: '{"a":1}' }]);
  });

  it('ends an attempt that gets no answer within the time bound', async () => {
    answer = () => undefined;
    const started = Date.now();
    const outcome = await postWebhook(new URL(`${base}/slow`), {}, '{}', { ...limits, timeoutMs: 300 });
    expect(outcome).toEqual({ status: null, body: null, error: 'no complete answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses loopback unless allowed, by name (after DNS) and literally, before connecting', async () => {
    const port = new URL(base).port;
    for (const host of ['localhost', '127.0.0.1', '[::ffff:127.0.0.1]']) {
      const outcome = await postWebhook(new URL(`http://${host}:${port}/`), {}, '{}', { ...limits, allowPrivate: false });
      expect({ host, outcome }).toEqual({ host, outcome: { status: null, body: null, error: expect.stringMatching(/private, loopback or link-local/) } });
    }
    expect(received).toHaveLength(0);
  });
});
