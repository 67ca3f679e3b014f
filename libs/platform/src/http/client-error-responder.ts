import { Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

type Refusal = { status: number; message: string };

/** Node's own status for the parser failures it singles out, with what the client should change. */
const REFUSALS: Record<string, Refusal> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: 'the request headers are larger than this server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'the request was not received in time' },
};

const malformed = (code: string): Refusal => ({
  status: 400,
  message: `the request is not well-formed HTTP/1.1 (${code}): percent-encode non-ASCII bytes in the path and send well-formed headers`,
});

/**
 * Requests Node's HTTP parser refuses before any handler runs (a raw non-ASCII byte in the path, a malformed header,
 * headers past the size limit) get Node's status with an empty body by default; this answers them with the same
 * status and a JSON error body like every other refusal, then closes the connection as Node does.
 */
export function answerUnparseableRequestsWithJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, message } = REFUSALS[error.code ?? ''] ?? malformed(error.code ?? 'unparseable');
    const body = JSON.stringify({ statusCode: status, error: STATUS_CODES[status], message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
