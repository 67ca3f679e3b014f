import { resolveSettings } from '../config';
import { checkQuality } from './quality';
import { CHINESE_PARAGRAPHS } from '../testing/bilingual-article';
import { LANGUAGE_THRESHOLDS, thresholdsFor } from './quality-thresholds';

const settings = resolveSettings().quality;
const prose =
  'Rivers shape the land around them over long periods of time. Water carries small stones and sand downstream, ' +
  'cutting valleys and building plains where the current slows. Farmers settled near rivers because the soil was ' +
  'rich and water was close at hand. Cities grew on their banks, trading goods along the water and building bridges ' +
  'to cross it. Today many rivers are managed with dams that store water, generate power and protect towns from floods.';

describe('checkQuality', () => {
  it('passes ordinary prose', () => {
    expect(checkQuality(prose, settings)).toBeNull();
  });

  it('names the rule and the figure for too few words', () => {
    expect(checkQuality('only five words right here', settings)).toEqual({ rule: 'min_words', figure: 5, limit: 50 });
  });

  it('catches symbol-heavy text', () => {
    const text = `${prose} ${'#tag '.repeat(20)}`;
    expect(checkQuality(text, settings)).toMatchObject({ rule: 'symbol_to_word_ratio' });
  });

  it('catches non-alphabetic text', () => {
    const text = Array.from({ length: 80 }, (_, i) => (i % 3 === 0 ? 'word' : String(1000 + i))).join(' ');
    expect(checkQuality(text, settings)).toMatchObject({ rule: 'alphabetic_word_share' });
  });

  it('catches lines that end in ellipses and lines that are bullets', () => {
    const ellipses = Array.from({ length: 12 }, (_, i) => `Line number ${i} of this teaser talks about something quite interesting that you will never guess...`).join('\n');
    expect(checkQuality(ellipses, settings)).toMatchObject({ rule: 'ellipsis_line_share', figure: 1 });
    const bullets = Array.from({ length: 12 }, () => `- this item describes another product feature in some detail here`).join('\n');
    expect(checkQuality(bullets, settings)).toMatchObject({ rule: 'bullet_line_share', figure: 1 });
  });

  it('catches repeated lines and repeated n-grams', () => {
    const repeatedLines = Array.from({ length: 10 }, () => 'Buy cheap watches online today with free shipping').join('\n');
    expect(checkQuality(repeatedLines, settings)).toMatchObject({ rule: 'duplicate_line_share' });
    const repeatedPhrase = `${prose} ${'click here to win a prize '.repeat(12)}`;
    expect(checkQuality(repeatedPhrase, settings)?.rule).toMatch(/top_2gram_share|duplicate_5gram_share/);
  });

  it('catches odd mean word lengths', () => {
    const long = Array.from({ length: 60 }, () => 'supercalifragilistic').join(' ');
    expect(checkQuality(long, { ...settings, maxDuplicateLineShare: 1 })).toMatchObject({ rule: 'max_mean_word_length' });
  });
});

describe('per-language thresholds', () => {
  const chinese = CHINESE_PARAGRAPHS.map((paragraph) => paragraph.text).join('\n\n');

  it('judges segmented Chinese by its own word-length bounds, not English ones', () => {
    expect(checkQuality(chinese, settings)).toMatchObject({ rule: 'min_mean_word_length' });
    expect(checkQuality(chinese, thresholdsFor(['zh'], settings)!)).toBeNull();
  });

  it('takes the loosest bound of a mixed document’s languages', () => {
    const mixed = thresholdsFor(['de', 'zh'], settings)!;
    expect(mixed.minMeanWordLength).toBe(LANGUAGE_THRESHOLDS.zh.minMeanWordLength);
    expect(mixed.maxMeanWordLength).toBe(LANGUAGE_THRESHOLDS.de.maxMeanWordLength);
  });

  it('has no thresholds for und or a language missing from the table, unless the run names it', () => {
    expect(thresholdsFor([], settings)).toBeNull();
    expect(thresholdsFor(['yo'], settings)).toBeNull();
    expect(thresholdsFor(['yo'], { ...settings, byLanguage: { yo: { minWords: 20 } } })).toMatchObject({ minWords: 20 });
  });

  it('skips the word-length rules under the script-independent rule set, keeps the others', () => {
    const longWords = Array.from({ length: 60 }, (_, i) => `supercalifragilistic${i}`).join(' ');
    expect(checkQuality(longWords, settings)).toMatchObject({ rule: 'max_mean_word_length' });
    expect(checkQuality(longWords, settings, 'script_independent')).toBeNull();
    expect(checkQuality('only five words right here', settings, 'script_independent')).toMatchObject({ rule: 'min_words' });
    expect(checkQuality(`${prose} ${'#tag '.repeat(20)}`, settings, 'script_independent')).toMatchObject({ rule: 'symbol_to_word_ratio' });
    const numbers = Array.from({ length: 80 }, (_, i) => String(1000 + i)).join(' ');
    expect(checkQuality(numbers, settings, 'script_independent')).toMatchObject({ rule: 'alphabetic_word_share' });
  });
});
