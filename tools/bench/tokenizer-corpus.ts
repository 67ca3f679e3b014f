/**
 * Benchmark text for the tokenizer: Shakespeare as shipped, Shakespeare-like text from a word-bigram chain over
 * it (new sentences, same vocabulary), and generated multilingual text (CJK, Cyrillic, Arabic, Devanagari, emoji,
 * code, numbers). Nothing is one passage repeated, so per-piece caches help only as much as on real text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { generateMultilingualText, seededRandom } from '../../libs/tokenizer/src/__fixtures__/multilingual-text';

export const SHAKESPEARE_PATH = '/work/shared/corpora/tinyshakespeare.txt';

export function readShakespeare(): string | null {
  return existsSync(SHAKESPEARE_PATH) ? readFileSync(SHAKESPEARE_PATH, 'utf8') : null;
}

/** Random walk over "word + following whitespace" units of the source, restarting anywhere at dead ends. */
export function generateBigramText(source: string, seed: number, targetLength: number): string {
  const units = source.match(/\S+\s*/g) ?? [];
  const successors = new Map<string, string[]>();
  for (let i = 0; i + 1 < units.length; i++) {
    const list = successors.get(units[i]);
    if (list === undefined) successors.set(units[i], [units[i + 1]]);
    else list.push(units[i + 1]);
  }
  const random = seededRandom(seed);
  const parts: string[] = [];
  let length = 0;
  let current = units[Math.floor(random() * units.length)];
  while (length < targetLength) {
    parts.push(current);
    length += current.length;
    const next = successors.get(current);
    current = next === undefined ? units[Math.floor(random() * units.length)] : next[Math.floor(random() * next.length)];
  }
  return parts.join('');
}

/**
 * Roughly half English-like prose (Shakespeare and its bigram remix, or generated English when the corpus file
 * is absent) and half multilingual text, of at least targetBytes UTF-8 bytes.
 */
export function buildBenchmarkText(targetBytes: number, seed: number, includeShakespeare: boolean): string {
  const shakespeare = readShakespeare();
  const parts: string[] = [];
  let bytes = 0;
  const add = (text: string) => {
    parts.push(text);
    bytes += Buffer.byteLength(text);
  };
  if (shakespeare !== null && includeShakespeare) add(shakespeare);
  const englishShare = Math.max(0, targetBytes / 2 - bytes);
  if (shakespeare !== null) add(generateBigramText(shakespeare, seed, englishShare));
  let round = 0;
  while (bytes < targetBytes) add(generateMultilingualText(seed * 1000 + round++, Math.min(4_000_000, (targetBytes - bytes) / 1.6 + 1000)));
  return parts.join('');
}

const SYLLABLES = ['ka', 'ri', 'to', 'men', 'sa', 'lo', 've', 'qu', 'ix', 'or', 'an', 'der', 'ph', 'th', 'ing', 'ed', 'un', 're', 'st', 'ch'];

/**
 * A training stress case: words of one to five random syllables (3.2 million possible), so 50 MB holds about
 * 1.5 million distinct words, where natural text of that size holds a few hundred thousand. Training memory and
 * time grow with distinct words, not bytes, so this shows the cost on a corpus with a very large vocabulary.
 */
export function buildManyWordsText(targetBytes: number, seed: number): string {
  const random = seededRandom(seed);
  const parts: string[] = [];
  let length = 0;
  while (length < targetBytes) {
    let word = '';
    const syllables = 1 + Math.floor(random() * 5);
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (random() < 0.1) word = word[0].toUpperCase() + word.slice(1);
    const unit = word + (random() < 0.1 ? '.\n' : ' ');
    parts.push(unit);
    length += unit.length;
  }
  return parts.join('');
}
