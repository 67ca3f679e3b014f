import { PII_TYPES, PiiType, SourceDocument } from '@llmchain/data-cleaning';
import { plantPii } from './pii-values';
import { SeededRandom } from './random';
import { jaccard, shingleSet } from './shingles';
import { GeneratedLanguage, LANGUAGES, WORDS } from './vocabulary';

export type JunkKind = 'too_short' | 'hashtag_spam' | 'repeated_lines' | 'numbers' | 'ellipsis_teasers' | 'bullets';
const JUNK_KINDS: JunkKind[] = ['too_short', 'hashtag_spam', 'repeated_lines', 'numbers', 'ellipsis_teasers', 'bullets'];

/** What was planted in one document: the truth the pipeline's decisions are scored against. */
export type PlantedLabel = {
  id: string;
  kind: 'original' | 'exact_duplicate' | 'near_duplicate' | 'junk';
  language: GeneratedLanguage;
  /** Planted PII: its type, the exact text planted, and the form it is written in (`national_DE`, `ipv4_mapped`…). */
  pii: { type: PiiType; value: string; form: string }[];
  /** For duplicates: the original they copy. */
  duplicateOf?: string;
  /** For near duplicates: words substituted, and the true Jaccard similarity of the word 5-gram sets. */
  editedWords?: number;
  jaccard?: number;
  junk?: JunkKind;
};

export type GeneratedDocument = { document: SourceDocument; label: PlantedLabel };

export type CorpusOptions = {
  seed?: number;
  /** Stop once this many bytes of text were generated. */
  targetBytes: number;
  /** Shares of each document kind after the originals they copy (the rest are originals). */
  exactDuplicateShare?: number;
  nearDuplicateShare?: number;
  junkShare?: number;
  /** Share of originals that carry PII; each carries one to three values of random types. */
  piiShare?: number;
};

const EDIT_DISTANCES = [1, 2, 3, 5, 8, 12, 20, 40];

/**
 * A synthetic corpus with ground truth: originals in several languages (random sentences over each language's common
 * words, so unrelated documents share no 5-grams), some carrying PII of every type; exact duplicates (some differing
 * only in case and whitespace); near duplicates with a known number of substituted words and their true Jaccard;
 * junk that quality rules should remove. Copies always come after their original. Generated lazily: memory holds
 * the originals' texts only while they can still be copied (a bounded window).
 */
export function* generateCorpus(options: CorpusOptions): Generator<GeneratedDocument> {
  const random = new SeededRandom(options.seed ?? 42);
  const exactShare = options.exactDuplicateShare ?? 0.05;
  const nearShare = options.nearDuplicateShare ?? 0.08;
  const junkShare = options.junkShare ?? 0.05;
  const piiShare = options.piiShare ?? 0.3;
  const window: GeneratedDocument[] = [];
  let bytes = 0;
  let counter = 0;
  const nextId = () => `doc-${String(++counter).padStart(7, '0')}`;

  while (bytes < options.targetBytes) {
    const roll = random.next();
    let generated: GeneratedDocument;
    if (window.length > 0 && roll < exactShare) generated = exactDuplicate(random, random.pick(window), nextId());
    else if (window.length > 0 && roll < exactShare + nearShare) generated = nearDuplicate(random, random.pick(window), nextId());
    else if (roll < exactShare + nearShare + junkShare) generated = junk(random, nextId());
    else {
      generated = original(random, nextId(), random.chance(piiShare));
      window.push(generated);
      if (window.length > 200) window.splice(random.int(0, window.length - 1), 1);
    }
    bytes += Buffer.byteLength(generated.document.text);
    yield generated;
  }
}

function sentence(random: SeededRandom, language: GeneratedLanguage): string {
  const words = Array.from({ length: random.int(6, 16) }, () => random.pick(WORDS[language]));
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}${random.pick(['.', '.', '.', '?', '!'])}`;
}

function prose(random: SeededRandom, language: GeneratedLanguage, sentences: number): string[] {
  return Array.from({ length: sentences }, () => sentence(random, language));
}

function original(random: SeededRandom, id: string, withPii: boolean): GeneratedDocument {
  const language = random.pick(LANGUAGES);
  const sentences = prose(random, language, random.int(25, 55));
  const pii: PlantedLabel['pii'] = [];
  if (withPii) {
    // Each value goes after a different prose sentence, so two planted values never touch (one digit run).
    const after = new Set<number>();
    for (let i = random.int(1, 3); i > 0; i--) after.add(random.int(1, sentences.length - 1));
    for (const position of [...after].sort((a, b) => b - a)) {
      const type = random.pick(PII_TYPES);
      const { value, form, text } = plantPii(random, type);
      pii.push({ type, value, form });
      sentences.splice(position, 0, text);
    }
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 6) paragraphs.push(sentences.slice(i, i + 6).join(' '));
  return { document: { id, text: paragraphs.join('\n\n') }, label: { id, kind: 'original', language, pii } };
}

function exactDuplicate(random: SeededRandom, source: GeneratedDocument, id: string): GeneratedDocument {
  const text = random.chance(0.5)
    ? source.document.text
    : source.document.text.replace(/ /g, () => (random.chance(0.1) ? '  ' : ' ')).replace(/\n\n/g, '\n\n\n') + '\n';
  return {
    document: { id, text },
    label: { ...source.label, id, kind: 'exact_duplicate', duplicateOf: source.label.id },
  };
}

function nearDuplicate(random: SeededRandom, source: GeneratedDocument, id: string): GeneratedDocument {
  const language = source.label.language;
  const tokens = source.document.text.split(' ');
  const edits = random.pick(EDIT_DISTANCES);
  // A token holding part of a planted value (`Card:4111`, `[2001:db8::1]:443`) is never edited: the copy keeps its PII.
  const valueParts = source.label.pii.flatMap((p) => p.value.split(/\s+/));
  const holdsValue = (token: string) => valueParts.some((part) => token.includes(part));
  for (let done = 0, attempts = 0; done < edits && attempts < edits * 10; attempts++) {
    const at = random.int(0, tokens.length - 1);
    if (/[\n.?!:]/.test(tokens[at]) || holdsValue(tokens[at])) continue;
    tokens[at] = random.pick(WORDS[language]);
    done++;
  }
  const text = tokens.join(' ');
  return {
    document: { id, text },
    label: {
      ...source.label,
      id,
      kind: 'near_duplicate',
      duplicateOf: source.label.id,
      editedWords: edits,
      jaccard: Math.round(jaccard(shingleSet(source.document.text), shingleSet(text)) * 1000) / 1000,
    },
  };
}

function junk(random: SeededRandom, id: string): GeneratedDocument {
  const language = random.pick(LANGUAGES);
  const kind = random.pick(JUNK_KINDS);
  const line = () => sentence(random, language);
  const texts: Record<JunkKind, () => string> = {
    too_short: () => prose(random, language, 1).join(' '),
    hashtag_spam: () => Array.from({ length: 30 }, () => `#${random.pick(WORDS[language])} ${random.pick(WORDS[language])}`).join(' '),
    repeated_lines: () => {
      const repeated = line();
      return Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? line() : repeated)).join('\n');
    },
    numbers: () => Array.from({ length: 30 }, () => `${random.int(10, 9999)} ${random.int(1, 99)}.${random.int(0, 9)}%`).join('\n'),
    ellipsis_teasers: () => Array.from({ length: 12 }, () => `${line().slice(0, -1)} and more…`).join('\n'),
    bullets: () => Array.from({ length: 15 }, () => `• ${line()}`).join('\n'),
  };
  return { document: { id, text: texts[kind]() }, label: { id, kind: 'junk', language, pii: [], junk: kind } };
}
