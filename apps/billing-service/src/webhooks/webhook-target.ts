import { isRefusedAddress, PrivateTargets, refuseLiteralAddress, withDeadline } from '@llmchain/platform';
import { BadRequestException } from '@nestjs/common';
import { lookup } from 'node:dns/promises';

export const MAX_URL_LENGTH = 2_048;
const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Checks a URL a tenant registers as a webhook target: http(s), no credentials in it (they would sit in logs and
 * the dashboard), and a host that resolves, only to addresses the policy allows. Delivery checks the address again
 * at each connection, so a DNS answer changed later is refused then.
 */
export async function checkedTargetUrl(raw: string, allowPrivate: PrivateTargets): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadRequestException('url: must be an absolute http or https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BadRequestException(`url: must use https or http, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw new BadRequestException('url: must not carry a user name or password; authenticate receivers by the signature');
  try {
    refuseLiteralAddress(url, allowPrivate);
  } catch (error) {
    throw new BadRequestException(`url: ${(error as Error).message}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string }[];
  try {
    addresses = await withDeadline(lookup(host, { all: true }), LOOKUP_TIMEOUT_MS, () => new Error(`resolving ${host} timed out`));
  } catch {
    throw new BadRequestException(`url: ${url.hostname} does not resolve`);
  }
  const refused = addresses.find(({ address }) => isRefusedAddress(address, allowPrivate));
  if (refused) throw new BadRequestException(`url: ${url.hostname} resolves to ${refused.address}, a private, loopback or link-local address that webhooks may not reach`);
  return url.toString();
}
