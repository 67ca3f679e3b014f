import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { fetchPage } from './page-fetcher';

describe('crawl target address policy', () => {
  describe('fetching from a server on loopback', () => {
    let server: Server;
    let port: number;
    let requests = 0;
    beforeAll(async () => {
      server = createServer((_request, response) => {
        requests++;
        response.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('refuses a literal loopback address and a name that resolves to one before connecting, unless allowed', async () => {
      const limits = { maxBytes: 1024, timeoutMs: 5_000, allowPrivate: false };
      for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]']) {
        const outcome = await fetchPage(new URL(`http://${host}:${port}/`), limits);
        expect({ host, outcome }).toMatchObject({ host, outcome: { kind: 'failed', reason: 'refused_address' } });
      }
      expect(requests).toBe(0);
      const allowed = await fetchPage(new URL(`http://localhost:${port}/`), { ...limits, allowPrivate: true });
      expect(allowed).toMatchObject({ kind: 'body', status: 200 });
      expect(requests).toBe(1);
    });
  });
});
