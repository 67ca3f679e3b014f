/**
 * One measurement in a fresh process, so no engine benefits from another's warm JIT or caches. Run by
 * tools/bench/tokenizer.ts; prints one JSON line.
 *   encode <engine> <textPath>      time one encode of the whole file
 *   train <corpusPath> <vocabSize>  time trainBpe streaming the file, and report peak memory
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadR50kBase, readTextChunks, trainBpe } from '@llmchain/tokenizer';

export const ENGINES = ['llmchain', 'tiktoken', 'gpt-tokenizer'] as const;
export type Engine = (typeof ENGINES)[number];

/** Loads an engine with the r50k_base ranks and returns its default encode function. */
export function loadEngine(engine: Engine): (text: string) => ArrayLike<number> {
  if (engine === 'llmchain') {
    const tokenizer = loadR50kBase();
    return (text) => tokenizer.encode(text);
  }
  if (engine === 'tiktoken') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when this engine is measured
    const encoding = require('tiktoken').get_encoding('r50k_base');
    return (text) => encoding.encode(text);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when this engine is measured
  const gptTokenizer = require('gpt-tokenizer/encoding/r50k_base');
  return (text) => gptTokenizer.encode(text);
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'encode') {
    const [engine, textPath] = args as [Engine, string];
    const text = readFileSync(textPath, 'utf8');
    const loadStart = performance.now();
    const encode = loadEngine(engine);
    const loadMs = performance.now() - loadStart;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const tokens = encode(text).length;
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(JSON.stringify({ engine, load_ms: loadMs, seconds, cpu_seconds: cpuSeconds, tokens, bytes: Buffer.byteLength(text) }));
  } else if (mode === 'train') {
    const [corpusPath, vocabSize] = args;
    let distinctWords = 0;
    const start = performance.now();
    const tokenizer = await trainBpe(readTextChunks(corpusPath), { vocabSize: Number(vocabSize), onProgress: (progress) => (distinctWords = progress.distinctWords) });
    const seconds = (performance.now() - start) / 1000;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ seconds, peak_mb: peakMb, vocab_size: tokenizer.vocabSize, merges: tokenizer.model.merges().length, distinct_words: distinctWords }));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
