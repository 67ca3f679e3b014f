/** Where a request goes: its path (still percent-encoded, as received) and its query string (with the `?`). */
export type RequestTarget = { path: string; segments: string[]; search: string };
export type Refusal = { status: number; message: string };

/** A decoded segment that would change which resource the path names once some server normalises it. */
const MOVES_THE_PATH = (decoded: string) => decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\');

/**
 * Reads a request's target (RFC 9112 origin-form) without resolving it as a URL: `//host:port/x` resolved against a
 * base names another host, which is how a proxy path became an open proxy. Every segment must decode to text and
 * must not be empty, `.`, `..` or hide a slash, so the path names one resource on this server (and, forwarded
 * verbatim, the same one on the upstream). The decoded segments are returned for routing; nothing here throws.
 */
export function readRequestTarget(url: string | undefined): RequestTarget | Refusal {
  const raw = url ?? '';
  const query = raw.indexOf('?');
  const path = query === -1 ? raw : raw.slice(0, query);
  const search = query === -1 ? '' : raw.slice(query);
  if (!path.startsWith('/')) return { status: 400, message: `the request target must be a path starting with "/" (got ${JSON.stringify(path.slice(0, 100))})` };
  const parts = path.slice(1).split('/');
  if (parts.at(-1) === '') parts.pop(); // one trailing slash names the same resource
  const segments: string[] = [];
  for (const segment of parts) {
    if (segment === '') return { status: 400, message: 'the path has an empty segment ("//"): remove the repeated slash' };
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { status: 400, message: `the path segment ${JSON.stringify(segment.slice(0, 100))} is not valid percent-encoded UTF-8: encode each byte as %XX` };
    }
    if (MOVES_THE_PATH(decoded) || decoded.includes('\0')) {
      return { status: 400, message: `the path segment ${JSON.stringify(segment.slice(0, 100))} is not allowed: paths may not contain ".", "..", NUL or encoded slashes` };
    }
    segments.push(decoded);
  }
  return { path, segments, search };
}

export const isRefusal = (target: RequestTarget | Refusal): target is Refusal => 'status' in target;
