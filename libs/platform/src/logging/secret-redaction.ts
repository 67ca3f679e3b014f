/**
 * Headers that carry credentials: a logged request or response must never show them (pino-http logs every
 * request's headers). Node lower-cases header names, so these are matched as written.
 */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

/** Body and object fields that carry a secret, a password or a token, wherever a log line nests them. */
const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'secret', 'token', 'accessToken', 'refreshToken', 'sessionToken', 'apiKey', 'api_key', 'secretAccessKey', 'secret_access_key', 'S3_SECRET_ACCESS_KEY'];

/** How deep a secret may sit in a logged object and still be found: `req.headers.authorization` is three levels. */
const MAX_DEPTH = 4;

/** `name` or `["x-api-key"]`: pino's paths are JavaScript property accesses. */
const access = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`);

/**
 * pino's `redact` paths for every secret name at every depth up to MAX_DEPTH (`authorization`, `*.authorization`,
 * `*.*.authorization` …). Paths, not a walk of each object, because pino compiles them once and applies them after
 * its serializers, so the `req` pino-http serializes is covered as well as anything a service logs itself.
 */
export function secretRedactionPaths(): string[] {
  const paths: string[] = [];
  for (const name of [...SECRET_HEADERS, ...SECRET_FIELDS]) {
    const last = access(name);
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const parents = Array<string>(depth).fill('*').join('.');
      paths.push(depth === 0 ? last : last.startsWith('[') ? `${parents}${last}` : `${parents}.${last}`);
    }
  }
  return paths;
}

export const REDACTED = '[Redacted]';
