/**
 * Words that give every per-document stage work: e-mail and IP addresses to redact, fullwidth letters NFKC rewrites,
 * colons the PII patterns look at.
 */
const WORK_DENSE_WORDS = ['ｒｉｖｅｒ', 'ana@mail.io', 'fe80::1', 'mar:ket', 'bo@x.org', 'wïnter', '10.0.0.1', 'key:', '12:30', 'ed@y.fr'];

/**
 * A document that must outlast a cleaning time budget by honest work, whatever the machine: `words` of the list
 * above (4 million: 36 MB, 8.4 s of work serially with the quality rules off; 6 million: 53 MB, 4.5 s in data-service's
 * stages, both measured at load 2.5-4). Plain repeated words no longer do: normalize and PII skip unchanged text, and
 * with the quality rules on any such length is removed by max_words after one cheap count.
 */
export function slowDocumentText(words: number): string {
  return Array.from({ length: words }, (_, i) => WORK_DENSE_WORDS[(i * 7) % WORK_DENSE_WORDS.length]).join(' ');
}
