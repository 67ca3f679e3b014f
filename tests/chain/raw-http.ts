import http from 'node:http';

export type RawRequest = {
  method: string;
  /** Sent as is: node writes each character as one latin-1 byte, so '\xff' puts the invalid UTF-8 byte 0xff on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
};

export type RawReply = { status: number; contentType: string; text: string; json: unknown };

/**
 * One HTTP/1.1 request with exactly the bytes given (fetch would refuse or re-encode invalid paths, headers and
 * bodies), on a fresh connection so a server that closes one mid-request cannot affect the next.
 */
export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  const headers: Record<string, string | number> = { connection: 'close', ...request.headers };
  if (body) headers['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = http.request({ host: hostname, port, method: request.method, path: request.path, headers, agent: false }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const contentType = response.headers['content-type'] ?? '';
        resolve({ status: response.statusCode ?? 0, contentType, text, json: contentType.includes('json') ? parseJson(text) : undefined });
      });
    });
    // A server may answer (413, say) and close before the whole body is written: the reply is what counts then.
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The message of an error body in any of the platform's shapes: Nest's, data-service's upload refusals, OpenAI's. */
export function errorMessage(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const record = json as { message?: unknown; error?: { message?: unknown } };
  const message = typeof record.error === 'object' && record.error !== null ? record.error.message : record.message;
  if (typeof message === 'string' && message.trim()) return message;
  if (Array.isArray(message) && message.length > 0 && message.every((m) => typeof m === 'string')) return message.join('; ');
  return null;
}
