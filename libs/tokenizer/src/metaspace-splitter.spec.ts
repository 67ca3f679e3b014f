import { MetaspaceSplitter } from './metaspace-splitter';

/** Pieces as Hugging Face's Metaspace(split: true) cuts them: each starts at a "▁" (MergedWithNext). */
function pieces(text: string, slots = 16): string[] {
  const splitter = new MetaspaceSplitter('▁');
  const ends = new Int32Array(slots);
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const count = splitter.split(text, pos, text.length, ends);
    for (let i = 0; i < count; i++) {
      out.push(text.slice(pos, ends[i]));
      pos = ends[i];
    }
  }
  return out;
}

describe('MetaspaceSplitter', () => {
  it('starts a piece at every replacement character, runs of them included', () => {
    expect(pieces('▁Hello▁▁world')).toEqual(['▁Hello', '▁', '▁world']);
    expect(pieces('a▁b▁')).toEqual(['a', '▁b', '▁']);
    expect(pieces('plain')).toEqual(['plain']);
  });

  it('resumes where it stopped when the caller has room for only a few pieces', () => {
    const text = '▁a▁b▁c▁d▁e▁f';
    expect(pieces(text, 2)).toEqual(pieces(text));
  });
});
