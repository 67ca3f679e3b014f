import { CleaningSettings } from '../config';
import { Removal } from '../decision';
import { PairTable } from '../text/pair-table';
import { WordStats } from '../text/word-stats';
import { QualityRuleSet } from './quality-thresholds';

type QualitySettings = CleaningSettings['quality'];

const BULLET = /^\s*[-*•‣◦▪●·–—>]\s/;
const ELLIPSIS_END = /(\.\.\.|…)\s*$/;
const SYMBOL = /#|\.\.\.|…/g;

/**
 * Gopher-style quality rules (Rae et al. 2021, also C4's line heuristics). Returns the first rule the document breaks,
 * with the figure measured and the limit, or null when it passes them all. Words come from {@link splitWords}
 * (dictionary segmentation for Chinese, Japanese, Thai). With the `script_independent` rule set (a language without
 * thresholds), the rules whose limits depend on how a language writes words (the mean word length bounds) are
 * skipped; word counts (by the script-aware segmenter), symbol, letter, line and repetition rules hold for any script.
 */
export function checkQuality(text: string, settings: QualitySettings, ruleSet: QualityRuleSet = 'language'): Removal | null {
  const words = wordStats.scan(text);
  const wordCount = words.count;
  const languageRules = ruleSet === 'language';
  if (wordCount < settings.minWords) return { rule: 'min_words', figure: wordCount, limit: settings.minWords };
  if (wordCount > settings.maxWords) return { rule: 'max_words', figure: wordCount, limit: settings.maxWords };
  if (wordCount === 0) return checkLines(text, settings);

  const { letters, alphabeticWords } = words;
  const meanWordLength = letters / wordCount;
  if (languageRules && meanWordLength < settings.minMeanWordLength)
    return { rule: 'min_mean_word_length', figure: round(meanWordLength), limit: settings.minMeanWordLength };
  if (languageRules && meanWordLength > settings.maxMeanWordLength)
    return { rule: 'max_mean_word_length', figure: round(meanWordLength), limit: settings.maxMeanWordLength };

  const symbolRatio = (text.match(SYMBOL)?.length ?? 0) / wordCount;
  if (symbolRatio > settings.maxSymbolToWordRatio)
    return { rule: 'symbol_to_word_ratio', figure: round(symbolRatio), limit: settings.maxSymbolToWordRatio };

  const alphabeticShare = alphabeticWords / wordCount;
  if (alphabeticShare < settings.minAlphabeticWordShare)
    return { rule: 'alphabetic_word_share', figure: round(alphabeticShare), limit: settings.minAlphabeticWordShare };

  const lineRule = checkLines(text, settings);
  if (lineRule) return lineRule;
  return checkRepetition(words, settings);
}

function checkLines(text: string, settings: QualitySettings): Removal | null {
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  if (lines.length === 0) return null;
  let bullets = 0;
  let ellipses = 0;
  const seen = new Set<string>();
  let duplicates = 0;
  for (const line of lines) {
    if (BULLET.test(line)) bullets++;
    if (ELLIPSIS_END.test(line)) ellipses++;
    if (seen.has(line)) duplicates++;
    else seen.add(line);
  }
  const bulletShare = bullets / lines.length;
  if (bulletShare > settings.maxBulletLineShare)
    return { rule: 'bullet_line_share', figure: round(bulletShare), limit: settings.maxBulletLineShare };
  const ellipsisShare = ellipses / lines.length;
  if (ellipsisShare > settings.maxEllipsisLineShare)
    return { rule: 'ellipsis_line_share', figure: round(ellipsisShare), limit: settings.maxEllipsisLineShare };
  const duplicateShare = duplicates / lines.length;
  if (lines.length > 1 && duplicateShare > settings.maxDuplicateLineShare)
    return { rule: 'duplicate_line_share', figure: round(duplicateShare), limit: settings.maxDuplicateLineShare };
  return null;
}

/** Reused by every document this thread checks (a worker thread has its own copy of the module). */
const wordStats = new WordStats();
const bigrams = new PairTable();
const fivegrams = new PairTable();

/**
 * Gopher's repetition rules over characters: the share of text covered by the most frequent word 2-gram, and the share
 * covered by word 5-grams that occur more than once. N-grams are keyed by two numbers built from word hashes (32 bits
 * and 21 bits: a collision needs both to meet), counted in typed-array hash tables, off string concatenation and maps.
 */
function checkRepetition(words: WordStats, settings: QualitySettings): Removal | null {
  const { count, hashes, lengths, letters: totalChars } = words;
  if (totalChars === 0 || count < 5) return null;

  bigrams.reset(count);
  let topBigram = 0;
  for (let i = 0; i + 1 < count; i++) {
    const low = hashes[i + 1] & 0x1fffff;
    const slot = bigrams.slot(hashes[i], low);
    const seen = bigrams.isSet(slot) ? bigrams.value(slot) + 1 : 1;
    bigrams.set(slot, hashes[i], low, seen);
    if (seen > 1) topBigram = Math.max(topBigram, seen * (lengths[i] + lengths[i + 1]));
  }
  const topShare = topBigram / totalChars;
  if (topShare > settings.maxTopNgramShare)
    return { rule: 'top_2gram_share', figure: round(topShare), limit: settings.maxTopNgramShare };

  fivegrams.reset(count);
  const covered = new Uint8Array(count);
  for (let i = 0; i + 5 <= count; i++) {
    let mixed = hashes[i];
    for (let j = 1; j < 5; j++) mixed = Math.imul(mixed ^ hashes[i + j], 0x9e3779b1) ^ (mixed >>> 15);
    const low = (hashes[i] ^ hashes[i + 4]) & 0x1fffff;
    const slot = fivegrams.slot(mixed, low);
    if (!fivegrams.isSet(slot)) {
      fivegrams.set(slot, mixed, low, i);
      continue;
    }
    const first = fivegrams.value(slot);
    for (let j = 0; j < 5; j++) covered[i + j] = covered[first + j] = 1;
  }
  let duplicatedChars = 0;
  for (let i = 0; i < count; i++) if (covered[i]) duplicatedChars += lengths[i];
  const duplicateShare = duplicatedChars / totalChars;
  if (duplicateShare > settings.maxDuplicateNgramShare)
    return { rule: 'duplicate_5gram_share', figure: round(duplicateShare), limit: settings.maxDuplicateNgramShare };
  return null;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
