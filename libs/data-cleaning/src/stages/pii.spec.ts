import { passesIbanCheck, passesLuhn } from './checksums';
import { redactPii } from './pii';

describe('checksums', () => {
  it('Luhn accepts real test card numbers and rejects a changed digit', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('5500005555555559')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });

  it('IBAN mod-97 accepts valid IBANs and rejects a changed digit', () => {
    expect(passesIbanCheck('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(passesIbanCheck('GB82WEST12345698765432')).toBe(true);
    expect(passesIbanCheck('DE89 3704 0044 0532 0130 01')).toBe(false);
  });
});

describe('redactPii', () => {
  it.each([
    ['email', 'write to jane.doe+news@example.co.uk today', 'write to <EMAIL> today'],
    ['phone', 'call +44 20 7946 0958 or (555) 123-4567 or 555-123-4567', 'call <PHONE> or <PHONE> or <PHONE>'],
    ['ipv4', 'server at 192.168.10.254 answered', 'server at <IPV4> answered'],
    ['ipv6', 'host 2001:db8:85a3::8a2e:370:7334 and fe80::1 up', 'host <IPV6> and <IPV6> up'],
    ['card', 'paid with 4111 1111 1111 1111 yesterday', 'paid with <CARD_NUMBER> yesterday'],
    ['iban', 'send it to DE89 3704 0044 0532 0130 00 please', 'send it to <IBAN> please'],
    ['iban', 'IBAN:ES91 2100 0418 4502 0005 1332 E dopo', 'IBAN:<IBAN> E dopo'],
    ['secret', 'key sk-abcdefghijklmnopqrstuvwx12 and AKIAIOSFODNN7EXAMPLE', 'key <SECRET> and <SECRET>'],
    ['secret', 'api_key = "a8f5f167f44f4964e6c998dee827110c"', 'api_key = "<SECRET>"'],
  ])('replaces %s with a typed placeholder', (_type, input, expected) => {
    expect(redactPii(input).text).toBe(expected);
  });

  it('replaces a private key block whole', () => {
    const text = 'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\nabcd==\n-----END RSA PRIVATE KEY-----\nafter';
    expect(redactPii(text)).toEqual({ text: 'before\n<PRIVATE_KEY>\nafter', counts: { private_key: 1 }, total: 1 });
  });

  it('counts each type', () => {
    const result = redactPii('a@b.io, c@d.io, 10.0.0.1, +1 415 555 2671');
    expect(result.counts).toEqual({ email: 2, ipv4: 1, phone: 1 });
    expect(result.total).toBe(4);
  });

  it('leaves numbers that fail their checks or have no PII shape', () => {
    const text = 'order 4111 1111 1111 1112 in 2024-05-06, version 1.2.3, 1500 people, room 12 34';
    expect(redactPii(text)).toEqual({ text, counts: {}, total: 0 });
  });
});

describe('redactPii: every textual form', () => {
  // RFC 4291 section 2.2 and RFC 5952 examples, written out by hand.
  it.each([
    '2001:DB8:0:0:8:800:200C:417A',
    '2001:0db8:0000:0000:0008:0800:200c:417a',
    '2001:db8::8:800:200c:417a',
    'FF01::101',
    '::1',
    'fe80::',
    '2001:db8::1:0:0:1',
    '2001:db8:0:1:1:1:1:1',
    '2001:db8::1:1:1:1:1',
    '0:0:0:0:0:0:13.1.68.3',
    '::13.1.68.3',
    '0:0:0:0:0:FFFF:129.144.52.38',
    '::ffff:129.144.52.38',
    '64:ff9b::192.0.2.33',
    'fe80::0202:b3ff:fe1e:8329%eth0',
  ])('finds the IPv6 address %s in prose, after a label, in brackets and before a full stop', (address) => {
    for (const [text, expected] of [
      [`host ${address} answered`, 'host <IPV6> answered'],
      [`Host:${address}`, 'Host:<IPV6>'],
      [`listening on [${address}]:8080 now`, 'listening on [<IPV6>]:8080 now'],
      [`it came from ${address}.`, 'it came from <IPV6>.'],
    ])
      expect(redactPii(text)).toEqual({ text: expected, counts: { ipv6: 1 }, total: 1 });
  });

  it('leaves times, MAC addresses and ratios that look like IPv6', () => {
    const text = 'at 12:30:45 the NIC 00:1a:2b:3c:4d:5e reported a 1:2:3 mix and build 10:4';
    expect(redactPii(text).total).toBe(0);
  });

  // International and national formats as each country writes them (24 countries).
  it.each([
    '+1 415 555 2671', '+44 20 7946 0958', '020 7946 0958', '+49 30 901820', '030 901820', '+49 (0)30 901820',
    '0049 30 901820', '+33 1 42 68 53 00', '01 42 68 53 00', '01.42.68.53.00', '+34 912 345 678', '+39 06 6988 4857',
    '+31 20 123 4567', '020 123 4567', '+32 470 12 34 56', '+41 44 668 18 00', '044 668 18 00', '+43 1 53115 0',
    '+46 8 123 456 78', '08-123 456 78', '+47 22 12 34 56', '+45 33 12 34 56', '+358 9 1234567', '09 1234567',
    '+48 22 123 45 67', '+420 221 234 567', '+351 21 123 4567', '+353 1 234 5678', '+7 495 123-45-67',
    '8 (495) 123-45-67', '+380 44 123 4567', '+90 212 123 45 67', '0212 123 45 67', '+91 98765 43210',
    '+86 10 1234 5678', '010 1234 5678', '+81 3-1234-5678', '03-1234-5678', '+82 2-312-3456', '02-312-3456',
    '+61 2 9374 4000', '(02) 9374 4000', '+55 11 3456-7890', '(11) 3456-7890', '+52 55 1234 5678', '+27 21 123 4567',
    '021 123 4567', '+4930901820',
  ])('finds the phone number %s', (phone) => {
    expect(redactPii(`Tel. ${phone} (office)`)).toEqual({ text: 'Tel. <PHONE> (office)', counts: { phone: 1 }, total: 1 });
  });

  it.each(['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '3782 822463 10005', '378282246310005', '5105 1051 0510 5100', '2223 0000 4841 0010'])(
    'finds the card number %s with or without separators',
    (card) => {
      expect(redactPii(`paid with ${card}.`)).toEqual({ text: 'paid with <CARD_NUMBER>.', counts: { card: 1 }, total: 1 });
    },
  );

  it('leaves Luhn-valid numbers that are no card: ISBN-13, EAN-13, odd groupings', () => {
    // Both are valid EAN-13 codes (ISO 2108 / GS1 check digit) that also pass Luhn.
    for (const code of ['9780306400100', '4006381330169']) expect(passesLuhn(code)).toBe(true);
    const text = 'ISBN 9780306400100, ISBN 978-0-306-40010-0, barcode 4006381330169, ref 41111 11111 11111 1';
    expect(redactPii(text).total).toBe(0);
  });
});
