import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newSigningSecret } from './signing-secret-box';
import { signedHeaders } from './webhook-signature';

/** The Standard Webhooks signature computed from the specification, independently of the library that signs. */
function specSignature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('webhook signature headers', () => {
  const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.issued', data: { id: 'inv', note: 'ünïcode' } });
  const at = new Date();

  it('carry the id, the Unix timestamp and v1,<HMAC-SHA256 of id.timestamp.body> under the secret', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = signedHeaders('evt_1', at, body, [secret]);
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers['webhook-signature']).toBe(specSignature(secret, 'evt_1', headers['webhook-timestamp'], body));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('sign with both secrets during a rotation, so a receiver holding either one verifies, and one altered byte fails', () => {
    const [current, previous, stranger] = [newSigningSecret(), newSigningSecret(), newSigningSecret()];
    const headers = signedHeaders('evt_2', at, body, [current, previous]);
    const signatures = headers['webhook-signature'].split(' ');
    expect(signatures).toEqual([specSignature(current, 'evt_2', headers['webhook-timestamp'], body), specSignature(previous, 'evt_2', headers['webhook-timestamp'], body)]);
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(current).verify(body.replace('inv', 'inw'), headers)).toThrow(/No matching signature/);
  });
});
