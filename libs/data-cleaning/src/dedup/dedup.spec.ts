import { createHash } from 'node:crypto';
import { ExactDeduplicator, exactDigest } from './exact-dedup';
import { LshIndex, lshCatchProbability, lshCurve } from './lsh-index';
import { estimatedJaccard, hashWords, MinHasher } from './minhash';
import { mulberry32 } from '../seeded-random';
import { shingleJaccard } from '../testing/shingle-jaccard';

const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `w${(i * 7919 + seed * 104729) % 100003}`);

describe('ExactDeduplicator', () => {
  it('names the first document for text equal after case and whitespace normalization', () => {
    const dedup = new ExactDeduplicator();
    expect(dedup.check('a', 'Hello   World\n')).toBeNull();
    expect(dedup.check('b', 'hello world')).toBe('a');
    expect(dedup.check('c', 'hello there')).toBeNull();
  });

  it('digests the text lower-cased with every whitespace run (tabs, newlines, no-break and ideographic spaces) as one space', () => {
    const reference = (text: string) => createHash('md5').update(text.toLowerCase().replace(/\s+/g, ' ').trim()).digest('base64');
    for (const text of ['a \n b', '  X\t\ty  ', 'a\u00a0b', 'a \u2028 b', '\n\nfoo  bar \r\n baz\t', 'x\u3000y', ' ', '', 'a b', 'Σ σ ς'])
      expect(exactDigest(text)).toBe(reference(text));
  });
});

describe('MinHash', () => {
  it('estimates Jaccard similarity of word 5-gram sets within a few points', () => {
    const hasher = new MinHasher(256, 5);
    const base = words(400, 1);
    const edited = [...base];
    for (let i = 0; i < 400; i += 40) edited[i] = 'changed';
    const truth = shingleJaccard(base, edited);
    const estimate = estimatedJaccard(hasher.signature(base.join(' ')), hasher.signature(edited.join(' ')));
    expect(Math.abs(estimate - truth)).toBeLessThan(0.08);
  });

  it('stays unbiased across similarities and document lengths with the default 100 bins', () => {
    const hasher = new MinHasher(100, 5);
    const errors: number[] = [];
    for (const length of [40, 120, 400, 1500])
      for (const every of [3, 5, 10, 25, 60]) {
        const base = words(length, length + every);
        const edited = base.map((w, i) => (i % every === 0 ? `edit${i}` : w));
        const truth = shingleJaccard(base, edited);
        errors.push(estimatedJaccard(hasher.signature(base.join(' ')), hasher.signature(edited.join(' '))) - truth);
      }
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.max(...errors.map(Math.abs))).toBeLessThan(0.16);
  });

  it('hashes the words between spaces, tabs and line breaks, lower-cased, ASCII punctuation dropped, as FNV-1a', () => {
    // Written from the definition, word strings first: every ASCII code unit and a few others, in random text (a
    // spaceless script goes to the segmenter first, which the spec of words covers).
    const reference = (text: string) =>
      text
        .split(/[ \t\n\r]+/)
        .map((word) => word.replace(/[\x00-\x7f]/g, (c) => (/[A-Za-z0-9]/.test(c) ? c.toLowerCase() : '')))
        .filter(Boolean)
        .map((word) => {
          let h = 0x811c9dc5;
          for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
          return h >>> 0;
        });
    const units = [...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)), 'é', 'Ä', 'ß', '\u00a0', '\u3000', 'ж'];
    const random = mulberry32(7);
    for (let t = 0; t < 500; t++) {
      const text = Array.from({ length: Math.floor(random() * 200) }, () => (random() < 0.2 ? ' ' : units[Math.floor(random() * units.length)])).join('');
      expect([...hashWords(text)]).toEqual(reference(text));
    }
  });
});

describe('LshIndex', () => {
  const settings = { shingleWords: 5, bands: 20, rows: 5, minJaccard: 0.7 };

  it('finds a near duplicate and names the kept document', () => {
    const index = new LshIndex(settings);
    const base = words(300, 2);
    const edited = [...base];
    edited[150] = 'different';
    expect(index.checkAndAdd('kept', base.join(' '))).toBeNull();
    const match = index.checkAndAdd('copy', edited.join(' '));
    expect(match?.duplicateOf).toBe('kept');
    expect(match?.jaccard).toBeGreaterThan(0.8);
    expect(index.checkAndAdd('other', words(300, 3).join(' '))).toBeNull();
  });

  it('has the S-curve it promises', () => {
    expect(lshCatchProbability(0.8, 20, 5)).toBeGreaterThan(0.999);
    expect(lshCatchProbability(0.8, 14, 8)).toBeCloseTo(0.9235, 3);
    expect(lshCurve(20, 5).map((p) => p.jaccard)).toContain(0.8);
  });
});
