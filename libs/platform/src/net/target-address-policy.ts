import { HttpStatus } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

/**
 * Which non-public addresses an outbound request may reach: none (`false`), loopback only (`'loopback'`: a receiver on
 * the same host, in tests or on-premise) or every private range (`true`: an operator's own intranet).
 */
export type PrivateTargets = boolean | 'loopback';

/**
 * Whether an outbound request (a crawl, a webhook delivery) may connect to an address: only global unicast, unless
 * the operator allows private targets. Loopback, private (RFC 1918), link-local (cloud metadata at 169.254.169.254),
 * unique-local, carrier-grade NAT, multicast, reserved and unspecified addresses are refused, IPv4-mapped IPv6 judged
 * as the IPv4 it carries.
 */
export function isRefusedAddress(address: string, allowPrivate: PrivateTargets): boolean {
  if (allowPrivate === true) return false;
  if (!ipaddr.isValid(address)) return true;
  const range = ipaddr.process(address).range();
  return range !== 'unicast' && !(allowPrivate === 'loopback' && range === 'loopback');
}

export class RefusedTargetError extends Error {
  readonly status = HttpStatus.FORBIDDEN;
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private, loopback or link-local address that this service may not reach`);
    this.name = 'RefusedTargetError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves the host and refuses it when any of its addresses is refused: the socket
 * then connects to the address that was checked, so a DNS answer cannot change between the check and the connection.
 * Literal IP hosts skip lookup in Node, so callers check those with {@link refuseLiteralAddress} first.
 */
export function checkedLookup(allowPrivate: PrivateTargets) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = addresses.find(({ address }) => isRefusedAddress(address, allowPrivate));
      if (refused) return callback(new RefusedTargetError(hostname, refused.address), '');
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first.address, first.family);
    });
  };
}

/** Refuses a URL whose host is a literal IP address in a refused range (those never reach `lookup`). */
export function refuseLiteralAddress(url: URL, allowPrivate: PrivateTargets): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isRefusedAddress(host, allowPrivate)) throw new RefusedTargetError(url.hostname, host);
}
