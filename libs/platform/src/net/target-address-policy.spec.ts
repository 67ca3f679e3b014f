import { isRefusedAddress } from './target-address-policy';

describe('outbound target address policy', () => {
  const loopback = ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'];
  const otherPrivate = ['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '224.0.0.1', 'not-an-ip'];
  const global = ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];

  it('refuses loopback, private, link-local, unique-local, CGNAT and mapped forms of them; allows global unicast', () => {
    const refused = [...loopback, ...otherPrivate];
    expect(refused.filter((address) => !isRefusedAddress(address, false))).toEqual([]);
    expect(global.filter((address) => isRefusedAddress(address, false))).toEqual([]);
    expect(refused.filter((address) => isRefusedAddress(address, true))).toEqual([]);
  });

  it('allowing loopback lets 127/8 and ::1 through and still refuses every other private range', () => {
    expect(loopback.filter((address) => isRefusedAddress(address, 'loopback'))).toEqual([]);
    expect(otherPrivate.filter((address) => !isRefusedAddress(address, 'loopback'))).toEqual([]);
    expect(global.filter((address) => isRefusedAddress(address, 'loopback'))).toEqual([]);
  });
});
