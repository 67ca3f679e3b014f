import { CHINESE_PARAGRAPHS } from '../testing/bilingual-article';
import { hasSpacelessScript, splitWords } from './words';

describe('splitWords', () => {
  it('splits text with spaces on whitespace, punctuation attached', () => {
    expect(splitWords('  Rivers shape\nthe land, slowly. ')).toEqual(['Rivers', 'shape', 'the', 'land,', 'slowly.']);
  });

  it('segments Chinese, Japanese and Thai into dictionary words', () => {
    // Independent truth: the words of each sentence as a native reader separates them.
    expect(splitWords('我们每天训练模型。')).toEqual(['我们', '每天', '训练', '模型']);
    expect(splitWords('東京で機械学習を勉強する')).toEqual(expect.arrayContaining(['東京', '機械', '学習', '勉強']));
    expect(splitWords('ภาษาไทยไม่มีการเว้นวรรค')).toEqual(expect.arrayContaining(['ภาษา', 'ไทย', 'ไม่มี']));
  });

  it('splits a Latin word glued to Chinese and keeps the Latin words around it whole', () => {
    expect(splitWords('the GPT模型 works')).toEqual(['the', 'GPT', '模型', 'works']);
  });

  it('finds the words ICU finds in the whole run when it segments a long run one sentence at a time', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
    const wholeRun = (text: string) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
    const article = CHINESE_PARAGRAPHS.map((paragraph) => paragraph.text).join('');
    expect(splitWords(article.repeat(3))).toEqual(wholeRun(article.repeat(3)));
    // Sentence ends next to marks, format characters, digits, Latin, kana and each other.
    const pieces = ['我们', '训练', '模型', '。', '！', '？', '\u0301', '\u200d', '\u2060', '3', 'GPT', 'です', 'ไทย', '」', '…'];
    let seed = 3;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let sample = 0; sample < 2000; sample++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 20) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      // One token (no spaces): it goes to the segmenter only when it holds a spaceless script.
      if (hasSpacelessScript(text)) expect(splitWords(text)).toEqual(wholeRun(text));
    }
  });

  it('knows which texts hold a spaceless script', () => {
    expect(hasSpacelessScript('plain English, café, Ελληνικά, 한국어')).toBe(false);
    expect(hasSpacelessScript('mixed 中文')).toBe(true);
    expect(hasSpacelessScript('ไทย')).toBe(true);
  });
});
