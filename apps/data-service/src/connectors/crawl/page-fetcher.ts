import { checkedLookup, refuseLiteralAddress, RefusedTargetError } from '@llmchain/platform';
import http, { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

export const CRAWLER_USER_AGENT = 'llmchain-crawler/1.0';

export type FetchLimits = { maxBytes: number; timeoutMs: number; allowPrivate: boolean };
export type Validators = { etag?: string; lastModified?: string };
/** What a crawl keeps of a page for the next one: its validators and the links it held. */
export type PageMemory = Validators & { links: string[] };

/** One HTTP exchange, redirects not followed: the caller decides whether a redirect target is in scope. */
export type FetchOutcome =
  | { kind: 'body'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'not_modified' }
  | { kind: 'failed'; reason: 'timeout' | 'too_large' | 'refused_address' | 'fetch_error' | 'not_html'; message: string };

/**
 * GETs one URL with the crawler's user agent: the resolved address checked, the whole exchange bounded in time, the
 * body bounded in bytes (the connection dropped as soon as it passes), conditional headers sent when validators from
 * an earlier crawl are known. `accept` decides from the headers whether to read the body at all.
 */
export function fetchPage(
  url: URL,
  limits: FetchLimits,
  options: { validators?: Validators; accept?: (contentType: string | undefined) => boolean } = {},
): Promise<FetchOutcome> {
  try {
    refuseLiteralAddress(url, limits.allowPrivate);
  } catch (error) {
    return Promise.resolve({ kind: 'failed', reason: 'refused_address', message: (error as Error).message });
  }
  const headers: Record<string, string> = { 'user-agent': CRAWLER_USER_AGENT, accept: 'text/html,application/xhtml+xml,*/*;q=0.5' };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: FetchOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = client.get(url, { headers, lookup: checkedLookup(limits.allowPrivate) as never }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304 && response.headers.location)
        return finish({ kind: 'redirect', status, location: response.headers.location });
      if (status === 304) return finish({ kind: 'not_modified' });
      if (options.accept && !options.accept(response.headers['content-type']))
        return finish({ kind: 'failed', reason: 'not_html', message: `content type ${response.headers['content-type'] ?? 'unknown'}` });
      const declared = Number(response.headers['content-length']);
      if (declared > limits.maxBytes) return finish(tooLarge(limits.maxBytes));
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxBytes) finish(tooLarge(limits.maxBytes));
        else chunks.push(chunk);
      });
      response.on('end', () => finish({ kind: 'body', status, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', (error) => finish({ kind: 'failed', reason: 'fetch_error', message: error.message }));
    });
    const timer = setTimeout(
      () => finish({ kind: 'failed', reason: 'timeout', message: `no complete answer within ${limits.timeoutMs} ms` }),
      limits.timeoutMs,
    );
    request.on('error', (error) =>
      finish({ kind: 'failed', reason: error instanceof RefusedTargetError ? 'refused_address' : 'fetch_error', message: error.message }),
    );
  });
}

function tooLarge(maxBytes: number): FetchOutcome {
  return { kind: 'failed', reason: 'too_large', message: `larger than ${maxBytes} bytes` };
}
