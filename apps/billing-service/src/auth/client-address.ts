import { isIP } from 'node:net';

export type ClientRequest = { socket: { remoteAddress?: string }; headers: Record<string, string | string[] | undefined> };

/**
 * The address a login counts against: the socket's peer, unless the peer is a trusted proxy (the dashboard's server,
 * on loopback by default), in which case the nearest hop of X-Forwarded-For that is not itself a trusted proxy.
 * Hops are read right to left because only the right end is written by proxies we trust; the left is the client's word.
 */
export function clientAddress(request: ClientRequest, trustedProxies: ReadonlySet<string>): string {
  const peer = normalize(request.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => normalize(hop.trim()));
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    if (!isIP(hops[i])) break;
    if (!trustedProxies.has(hops[i])) return hops[i];
  }
  return peer;
}

/** IPv4 peers of a dual-stack socket arrive as ::ffff:a.b.c.d. */
const normalize = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);
