import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMultilingualText } from './__fixtures__/multilingual-text';
import { CL100K_PATTERN, createPreTokenizer, GPT2_PATTERN } from './split-patterns';
import { readTextChunks } from './text-stream';
import { WordCounter } from './word-counter';

describe('readTextChunks', () => {
  let directory: string;
  const text = generateMultilingualText(31, 200_000) + 'tail without newline  ';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tokenizer-stream-'));
    await writeFile(join(directory, 'corpus.txt'), text);
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it.each([
    ['gpt2', GPT2_PATTERN],
    ['cl100k', CL100K_PATTERN],
  ])('yields chunks whose word counts (%s) equal those of the whole file', async (_name, pattern) => {
    const chunks: string[] = [];
    for await (const chunk of readTextChunks(join(directory, 'corpus.txt'), 4096)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(20);
    expect(chunks.join('')).toBe(text);
    const whole = new WordCounter(createPreTokenizer(pattern), []);
    whole.add(text);
    const streamed = new WordCounter(createPreTokenizer(pattern), []);
    chunks.forEach((chunk) => streamed.add(chunk));
    expect(new Map([...streamed.counts].sort())).toEqual(new Map([...whole.counts].sort()));
  });
});
