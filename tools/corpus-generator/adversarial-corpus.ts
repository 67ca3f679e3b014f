/**
 * Documents built to make regex-based cleaning stages backtrack: long runs of the characters a pattern may start and
 * continue on, without the character that would end its match. Each names the stage and pattern it attacks. On the
 * pre-hardening patterns, the e-mail, JWT and key=value ones took seconds per 100k characters (quadratic).
 */
export type AdversarialDocument = { id: string; attacks: string; text: string };

export function adversarialCorpus(chars: number): AdversarialDocument[] {
  const repeat = (unit: string) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
  const cases: [string, string][] = [
    ['pii e-mail local part: dotted run without @', repeat('a.')],
    ['pii e-mail local part: dashed digits without @', repeat('1-')],
    ['pii e-mail domain: labels without a TLD end', 'a@' + repeat('b-')],
    ['pii e-mail domain: dotted labels', 'a@' + repeat('b.')],
    ['pii key=value: whitespace before the separator', 'password' + repeat(' ') + '='],
    ['pii key=value: whitespace run', 'x' + repeat('\t') + 'y'],
    ['pii JWT: eyJ starts inside one run', repeat('eyJaaaaaaaaa-')],
    ['pii private key: BEGIN lines without END', repeat('-----BEGIN RSA PRIVATE KEY-----\n')],
    ['pii private key: BEGIN with a long label', '-----BEGIN ' + repeat('A ')],
    ['pii IBAN / card / phone: digit groups', repeat('DE12 1234 ')],
    ['pii IPv4: dotted digits', repeat('1.')],
    ['pii IPv6: colon groups', repeat('1::')],
    ['normalize: spaces around newlines', repeat('  \n  x')],
    ['quality: ellipsis lines with trailing spaces', repeat('... ' + ' '.repeat(40))],
    ['quality: one line of leading spaces', repeat(' ') + '- x'],
  ];
  return cases.map(([attacks, text], i) => ({ id: `adversarial-${i + 1}`, attacks, text }));
}
