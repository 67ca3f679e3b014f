import { CleaningPipeline } from './pipeline';
import { estimatedJaccard, MinHasher } from './dedup/minhash';
import { BILINGUAL_ARTICLE, CHINESE_PARAGRAPHS, ENGLISH_PARAGRAPHS } from './testing/bilingual-article';
import { splitWords } from './text/words';
import { shingleJaccard } from './testing/shingle-jaccard';

describe('a bilingual Chinese and English article', () => {
  it.each(CHINESE_PARAGRAPHS.map((p, i) => [i, p] as const))('counts the words of Chinese paragraph %i within 20%% of a hand segmentation', (_i, paragraph) => {
    expect(paragraph.text.split(/\s+/).length).toBe(1);
    const counted = splitWords(paragraph.text).length;
    expect(Math.abs(counted - paragraph.words.length) / paragraph.words.length).toBeLessThanOrEqual(0.2);
  });

  it('keeps every paragraph under default settings, each labelled with its language', () => {
    const pipeline = new CleaningPipeline();
    const paragraphs = BILINGUAL_ARTICLE.split('\n\n');
    const decisions = paragraphs.map((text, i) => pipeline.process({ id: `p${i}`, text }).decision);
    expect(decisions.map((d) => d.status)).toEqual(paragraphs.map(() => 'kept'));
    expect(decisions.map((d) => d.language)).toEqual(paragraphs.map((_, i) => (i % 2 === 0 ? 'zh' : 'en')));
    expect(decisions.every((d) => d.qualityRules === undefined)).toBe(true);
  });

  it('reports the whole article as a mixed Chinese and English document and keeps it', () => {
    const pipeline = new CleaningPipeline();
    const { decision } = pipeline.process({ id: 'article', text: BILINGUAL_ARTICLE });
    expect(decision.status).toBe('kept');
    expect(decision.mixedLanguages?.map((part) => part.language).sort()).toEqual(['en', 'zh']);
    expect(pipeline.buildReport().mixedLanguageDocuments).toEqual({ [decision.mixedLanguages!.map((p) => p.language).join('+')]: 1 });
  });

  it('estimates the Jaccard of Chinese word 5-grams after a one-word edit near the hand-segmented truth', () => {
    const { text, words } = CHINESE_PARAGRAPHS[1];
    const editedWords = [...words];
    editedWords[words.indexOf('开源')] = '商业';
    const hasher = new MinHasher(256, 5);
    const estimate = estimatedJaccard(hasher.signature(text), hasher.signature(text.replace('开源', '商业')));
    const truth = shingleJaccard(words, editedWords);
    expect(truth).toBeGreaterThan(0.7);
    expect(Math.abs(estimate - truth)).toBeLessThanOrEqual(0.12);
  });

  it('leaves English paragraphs to the whitespace split', () => {
    expect(splitWords(ENGLISH_PARAGRAPHS[0])).toEqual(ENGLISH_PARAGRAPHS[0].split(' '));
  });
});
