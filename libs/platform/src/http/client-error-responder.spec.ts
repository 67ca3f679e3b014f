import { createServer, Server } from 'node:http';
import { connect } from 'node:net';
import { answerUnparseableRequestsWithJson } from './client-error-responder';

/** Writes raw bytes to the server and returns everything it answers before closing the connection. */
function exchange(port: number, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

describe('answerUnparseableRequestsWithJson', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('handled'));
    answerUnparseableRequestsWithJson(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const bodyOf = (reply: string) => JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));

  it('answers a raw non-ASCII byte in the path with a JSON 400 saying what to fix', async () => {
    const reply = await exchange(port, Buffer.from('GET /corpora/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'));
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(reply).toMatch(/content-type: application\/json/i);
    expect(bodyOf(reply)).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/percent-encode/) });
  });

  it('keeps Node\'s 431 for headers past the limit, with a JSON body', async () => {
    const reply = await exchange(port, Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(reply)).toMatchObject({ statusCode: 431, message: expect.stringMatching(/headers/) });
  });

  it('leaves well-formed requests to the handler', async () => {
    expect(await exchange(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toMatch(/handled$/);
  });
});
