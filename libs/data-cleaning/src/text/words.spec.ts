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

  it('knows which texts hold a spaceless script', () => {
    expect(hasSpacelessScript('plain English, café, Ελληνικά, 한국어')).toBe(false);
    expect(hasSpacelessScript('mixed 中文')).toBe(true);
    expect(hasSpacelessScript('ไทย')).toBe(true);
  });
});
