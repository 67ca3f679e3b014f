import { checkedLookup, PrivateTargets, refuseLiteralAddress } from '@llmchain/platform';
import http from 'node:http';
import https from 'node:https';

export const WEBHOOK_USER_AGENT = 'llmchain-webhooks/1.0';

export type PostLimits = { timeoutMs: number; maxResponseBytes: number; allowPrivate: PrivateTargets };

/** What one attempt got: the answer's status and the start of its body, or why there was no answer. */
export type PostOutcome = { status: number; body: string; error: null } | { status: null; body: null; error: string };

/**
 * POSTs one signed webhook: the resolved address checked against the policy (the socket connects to the address that
 * was checked), redirects not followed (a 3xx is a failed attempt), the whole exchange bounded by timeoutMs, and at
 * most maxResponseBytes of the answer read before the connection is dropped.
 */
export function postWebhook(url: URL, headers: Record<string, string>, body: string, limits: PostLimits): Promise<PostOutcome> {
  try {
    refuseLiteralAddress(url, limits.allowPrivate);
  } catch (error) {
    return Promise.resolve({ status: null, body: null, error: (error as Error).message });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': WEBHOOK_USER_AGENT },
        lookup: checkedLookup(limits.allowPrivate) as never,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let bytes = 0;
        const answered = () => finish({ status, body: Buffer.concat(chunks).subarray(0, limits.maxResponseBytes).toString('utf8'), error: null });
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          bytes += chunk.length;
          if (bytes >= limits.maxResponseBytes) answered();
        });
        response.on('end', answered);
        response.on('error', (error) => finish({ status: null, body: null, error: error.message }));
      },
    );
    const timer = setTimeout(() => finish({ status: null, body: null, error: `no complete answer within ${limits.timeoutMs} ms` }), limits.timeoutMs);
    request.on('error', (error) => finish({ status: null, body: null, error: error.message }));
    request.end(body);
  });
}
