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
