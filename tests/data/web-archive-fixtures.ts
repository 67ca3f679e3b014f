import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * WARC and WET files written by hand from the WARC 1.1 specification (header block, blank line, content block, two
 * newlines), each record gzipped on its own as Common Crawl does: a source independent of the parser under test.
 */
export type ArchiveRecord = { type: string; url?: string; date?: string; contentType: string; content: string | Buffer };

export function warcFile(records: ArchiveRecord[], gzipPerRecord = true): Buffer {
  return Buffer.concat(records.map((record) => (gzipPerRecord ? gzipSync(warcRecord(record)) : warcRecord(record))));
}

function warcRecord({ type, url, date, contentType, content }: ArchiveRecord): Buffer {
  const block = typeof content === 'string' ? Buffer.from(content) : content;
  // A record id derived from the record, so the same records make the same file.
  const id = createHash('sha256').update(`${type} ${url} `).update(block).digest('hex');
  const headers = [
    'WARC/1.1',
    `WARC-Type: ${type}`,
    `WARC-Record-ID: <urn:sha256:${id}>`,
    `WARC-Date: ${date ?? '2026-11-30T12:00:00Z'}`,
    ...(url ? [`WARC-Target-URI: ${url}`] : []),
    `Content-Type: ${contentType}`,
    `Content-Length: ${block.length}`,
  ];
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), block, Buffer.from('\r\n\r\n')]);
}

/** An HTTP response as a WARC response record holds it: status line, headers, blank line, body. */
export function httpResponse(status: number, contentType: string, body: string | Buffer): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const head = `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Not Found'}\r\nContent-Type: ${contentType}\r\nContent-Length: ${bytes.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), bytes]);
}

/** A page with navigation, a script, a footer and an article: only the article is main content. */
export function articlePage(title: string, paragraphs: string[]): string {
  return `<!doctype html><html><head><title>${title}</title><script>var tracking = "SCRIPT-MARKER";</script></head><body>
<nav><ul><li><a href="/">NAV-MARKER Home</a></li><li><a href="/about">About us</a></li></ul></nav>
<article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<footer>FOOTER-MARKER Copyright 2026, all rights reserved.</footer></body></html>`;
}
