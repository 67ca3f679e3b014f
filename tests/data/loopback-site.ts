import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the test site answered: its path, when it started, when it ended, and its conditional header. */
export type SiteRequest = { path: string; start: number; end: number; ifNoneMatch: string | undefined };

const page = (title: string, links: string[]) => `<!doctype html><html><head><title>${title}</title></head><body>
<nav>${links.map((href) => `<a href="${href}">${href}</a>`).join(' ')}</nav>
<article><h1>${title}</h1><p>The ${title} page holds a paragraph long enough for an extractor to call it the main content
of the page, about rivers, stones and lanterns in the harbour.</p><p>A second paragraph on ${title}, also about meadows
and copper in winter, so that there is text to keep.</p></article></body></html>`;

/**
 * A small site on loopback for crawl tests: pages that link to each other (with a duplicate link, a fragment link and
 * an off-site link), a robots.txt that forbids /private/, a sitemap naming a page no link reaches, a redirect loop, a
 * redirect to a page already linked, a page larger than the crawl's page limit, a binary file, a page slower than the
 * crawl's timeout, and a chain of pages deeper than the depth limit. Pages carry ETags and answer 304 to a match.
 */
export class LoopbackSite {
  readonly requests: SiteRequest[] = [];
  private server: Server | null = null;
  private readonly pages: Record<string, string[]> = {
    '/': ['/a', '/b', '/a', '/a#section', '/private/secret', '/loop1', '/redirect-to-b', '/huge', '/file.bin', '/slow', 'http://example.invalid/elsewhere', '/deep/1'],
    '/a': ['/', '/b'],
    '/b': ['/a'],
    '/from-sitemap': ['/'],
    '/private/secret': [],
    '/deep/1': ['/deep/2'],
    '/deep/2': ['/deep/3'],
    '/deep/3': ['/deep/4'],
    '/deep/4': [],
  };

  get origin(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** Paths the crawl should keep as documents from a crawl of / with the sitemap and depth 3. */
  static readonly documentPaths = ['/', '/a', '/b', '/from-sitemap', '/deep/1', '/deep/2', '/deep/3'];

  async start(): Promise<void> {
    this.server = createServer((request, response) => this.answer(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  countOf(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  private answer(request: IncomingMessage, response: ServerResponse) {
    const path = request.url ?? '/';
    const record: SiteRequest = { path, start: Date.now(), end: 0, ifNoneMatch: request.headers['if-none-match'] };
    this.requests.push(record);
    response.on('close', () => (record.end = Date.now()));
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': type, ...headers });
      response.end(body);
    };
    if (path === '/robots.txt') return send(200, 'text/plain', 'User-agent: *\nDisallow: /private/\n');
    if (path === '/sitemap.xml')
      return send(200, 'application/xml', `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>${this.origin}/</loc></url><url><loc>${this.origin}/from-sitemap</loc></url></urlset>`);
    if (path === '/loop1') return send(302, 'text/html', '', { location: '/loop2' });
    if (path === '/loop2') return send(302, 'text/html', '', { location: '/loop1' });
    if (path === '/redirect-to-b') return send(301, 'text/html', '', { location: '/b' });
    if (path === '/huge') return send(200, 'text/html', `<html><body><p>${'huge '.repeat(600_000)}</p></body></html>`);
    if (path === '/file.bin') return send(200, 'application/octet-stream', Buffer.alloc(4096, 7));
    if (path === '/slow') {
      const timer = setTimeout(() => send(200, 'text/html', page('slow', [])), 3_000);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    const links = this.pages[path];
    if (!links) return send(404, 'text/html', '<p>not found</p>');
    const etag = `"v1${path}"`;
    if (request.headers['if-none-match'] === etag) return send(304, 'text/html', '', { etag });
    send(200, 'text/html; charset=utf-8', page(path, links), { etag });
  }
}
