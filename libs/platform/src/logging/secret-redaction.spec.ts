import pino from 'pino';
import { Writable } from 'node:stream';
import { secretRedactionPaths } from './secret-redaction';

function logged(object: Record<string, unknown>): string {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  pino({ redact: secretRedactionPaths() }, sink).info(object, 'request');
  return text;
}

describe('secretRedactionPaths', () => {
  it('hides credential headers and secret fields at every depth a log line nests them', () => {
    const text = logged({
      req: { headers: { authorization: 'Bearer S-auth', 'x-api-key': 'S-xkey', cookie: 'S-cookie', 'proxy-authorization': 'S-proxy', host: 'h.test' } },
      res: { headers: { 'set-cookie': ['S-setcookie'] } },
      password: 'S-top',
      body: { password: 'S-body', user: { newPassword: 'S-nested', token: 'S-token' } },
    });
    expect(text.match(/S-[a-z]+/g)).toBeNull();
    expect(JSON.parse(text)).toMatchObject({ req: { headers: { authorization: '[Redacted]', host: 'h.test' } }, body: { user: { token: '[Redacted]' } } });
  });

  it('hides S3 secret access keys: the blob store settings, an SDK credentials object, a connector request body', () => {
    const text = logged({
      config: { S3_SECRET_ACCESS_KEY: 'S-config', S3_ACCESS_KEY_ID: 'id-1' },
      credentials: { accessKeyId: 'id-2', secretAccessKey: 'S-sdk' },
      body: { bucket: 'b', secret_access_key: 'S-connector' },
    });
    expect(text.match(/S-[a-z]+/g)).toBeNull();
    expect(JSON.parse(text)).toMatchObject({ config: { S3_ACCESS_KEY_ID: 'id-1' }, credentials: { accessKeyId: 'id-2' } });
  });

  it('leaves fields that only look alike (a Kafka key, a token count) alone', () => {
    expect(JSON.parse(logged({ key: 'tenant-1', tokens: 12, event: { key: 'k' } }))).toMatchObject({ key: 'tenant-1', tokens: 12, event: { key: 'k' } });
  });
});
