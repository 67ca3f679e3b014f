import { isIPv6 } from 'node:net';

/**
 * An IPv6 candidate: a run of hex digits, colons and dots (IPv4 tail) with a colon in its first 40 characters, at
 * most 45 long (the longest textual form), with an optional zone (`%eth0`). Covers every RFC 4291 / RFC 5952 form:
 * full, leading zeros, `::` anywhere (`::1`, `fe80::`, `::`), upper case, IPv4-mapped and -embedded
 * (`::ffff:192.0.2.1`, `64:ff9b::198.51.100.7`), inside brackets (`[2001:db8::1]:443`).
 */
export const IPV6_CANDIDATE =
  /(?<![\w:.%])(?:[A-Za-z][\w-]{0,23}:(?=[0-9A-Fa-f:]))?(?=[0-9A-Fa-f.]{0,40}:)[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}(?:%[0-9A-Za-z_.~-]{1,32})?/g;

/**
 * What every textual IPv6 address holds: two colons with at most four hex digits between them (`::`, or `:db8:` between
 * two groups; an address has at least two colons, and only a group between two of them). Prose rarely does (a clock
 * time `12:30:45` does), so most texts skip the candidate pattern, whose lookahead reads ahead from every hex letter.
 */
export const IPV6_REQUIRES = /:[0-9A-Fa-f]{0,4}:/;

/**
 * Where in a candidate the address is: a label glued to it by a colon (`Host:2001:db8::1`) is not part of it, nor is a
 * sentence's full stop after it (`… from fe80::1.`). Returns [start, end), or null when the candidate holds no
 * address (times, MAC addresses, ratios).
 */
export function ipv6Address(candidate: string): [number, number] | null {
  const starts = [0];
  const label = /^[A-Za-z][\w-]{0,23}:/.exec(candidate);
  if (label) starts.unshift(label[0].length);
  // An address never ends in a dot: trailing ones are the sentence's (a zone such as `%eth0.` would take them in).
  const last = candidate.replace(/\.+$/, '').length;
  for (const start of starts)
    for (let end = last; end - start > 2; end--) {
      const address = candidate.slice(start, end);
      if (isIPv6(address)) return [start, end];
      if (!/[.:]$/.test(address)) break;
    }
  return null;
}
