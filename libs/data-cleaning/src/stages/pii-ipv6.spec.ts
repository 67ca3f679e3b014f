import { isIPv6 } from 'node:net';
import { IPV6_REQUIRES } from './pii-ipv6';

/** Every way to write eight groups: each run of zero groups may be `::`, groups with or without leading zeros, any case. */
function writings(groups: number[], tail4?: string): string[] {
  const hex = (g: number, padded: boolean) => (padded ? g.toString(16).padStart(4, '0') : g.toString(16));
  const count = tail4 ? 6 : 8;
  const parts = groups.slice(0, count);
  const forms: string[] = [];
  for (const padded of [false, true]) {
    const written = parts.map((g) => hex(g, padded));
    const tail = tail4 ? [tail4] : [];
    forms.push([...written, ...tail].join(':'));
    for (let start = 0; start < count; start++)
      for (let end = start + 1; end <= count; end++) {
        if (!parts.slice(start, end).every((g) => g === 0)) continue;
        const left = written.slice(0, start).join(':');
        const right = [...written.slice(end), ...tail].join(':');
        forms.push(`${left}::${right}`);
      }
  }
  return [...forms, ...forms.map((f) => f.toUpperCase())];
}

describe('IPV6_REQUIRES', () => {
  it('holds for every writing of random addresses, compressed anywhere, with IPv4 tails and zones', () => {
    let seed = 11;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let checked = 0;
    for (let n = 0; n < 400; n++) {
      const groups = Array.from({ length: 8 }, () => (random() < 0.5 ? 0 : Math.floor(random() * 0x10000)));
      const tail4 = random() < 0.3 ? `${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.0.${Math.floor(random() * 256)}` : undefined;
      for (const form of writings(groups, tail4)) {
        for (const text of [form, `${form}%eth0`]) {
          // node's parser is the truth of what an address is; the requirement must hold for each one it accepts.
          if (!isIPv6(text)) continue;
          checked++;
          expect(IPV6_REQUIRES.test(text)).toBe(true);
        }
      }
    }
    for (const text of ['::', '::1', 'fe80::', '::ffff:192.0.2.1', '64:ff9b::198.51.100.7', '1:2:3:4:5:6:7:8']) expect(IPV6_REQUIRES.test(text)).toBe(true);
    expect(checked).toBeGreaterThan(5000);
  });
});
