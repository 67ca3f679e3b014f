import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers of one attempt: its id, the attempt's time in Unix seconds, and `v1,<base64
 * HMAC-SHA256 of id.timestamp.body>` under each secret (during a rotation's overlap, the new one and the old one,
 * space-separated, so a receiver holding either verifies).
 */
export function signedHeaders(messageId: string, at: Date, body: string, secrets: readonly string[]): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
