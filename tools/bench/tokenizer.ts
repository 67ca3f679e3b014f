/**
 * Tokenizer benchmark: `npm run bench:tokenizer` (full) or `npm run bench:tokenizer -- --quick` (smoke run).
 *
 * 1. Builds varied text (>= 10 MB full) and checks that llmchain, tiktoken (WASM) and gpt-tokenizer give
 *    identical r50k_base ids on all of it; an engine that differs gets no figure and the run fails.
 * 2. Times one encode of the whole text per fresh child process, several processes per engine, interleaved so
 *    background load hits every engine alike; reports median and spread (min-max) of wall-clock MB/s, and
 *    MB/s per CPU-second of the process as well, which stays meaningful when other work shares the machine.
 * 3. Times learning an 8,192-token vocabulary from >= 50 MB streamed from disk, with peak memory (max RSS), on
 *    the same kind of text and on a stress corpus with about ten times as many distinct words.
 * The last line printed is one JSON object with the figures. MB means 10^6 bytes of UTF-8.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBenchmarkText, buildManyWordsText } from './tokenizer-corpus';
import { ENGINES, loadEngine, type Engine } from './tokenizer-worker';

const QUICK = process.argv.includes('--quick');
const SETTINGS = QUICK
  ? { encodeBytes: 2_000_000, runs: 3, trainBytes: 5_000_000, vocabSize: 8192 }
  : { encodeBytes: 12_000_000, runs: 5, trainBytes: 50_000_000, vocabSize: 8192 };
const WORKER = join(__dirname, 'tokenizer-worker.ts');
const MB = 1e6;

interface EncodeRun {
  load_ms: number;
  seconds: number;
  cpu_seconds: number;
  tokens: number;
  bytes: number;
}

interface TrainRun {
  seconds: number;
  peak_mb: number;
  vocab_size: number;
  merges: number;
  distinct_words: number;
}

function runWorker<T>(args: string[]): T {
  const child = spawnSync(process.execPath, ['-r', '@swc-node/register', WORKER, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`worker ${args.join(' ')} failed:\n${child.stderr}`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Compares every engine's ids with tiktoken's (the reference) and describes the first difference. */
function verifyIds(text: string): Map<Engine, string | null> {
  const reference = Array.from(loadEngine('tiktoken')(text));
  const verdicts = new Map<Engine, string | null>([['tiktoken', null]]);
  for (const engine of ENGINES.filter((e) => e !== 'tiktoken')) {
    const ids = loadEngine(engine)(text);
    let first = -1;
    const length = Math.max(ids.length, reference.length);
    for (let i = 0; i < length; i++) {
      if (ids[i] !== reference[i]) {
        first = i;
        break;
      }
    }
    verdicts.set(engine, first < 0 ? null : `ids differ from tiktoken at position ${first} of ${reference.length} (got ${ids[first]}, expected ${reference[first]})`);
  }
  return verdicts;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function main(): void {
  const loadAtStart = loadavg()[0];
  const workDir = mkdtempSync(join(tmpdir(), 'llmchain-bench-tokenizer-'));
  try {
    const text = buildBenchmarkText(SETTINGS.encodeBytes, 1, true);
    const textPath = join(workDir, 'encode.txt');
    writeFileSync(textPath, text);
    const textMb = Buffer.byteLength(text) / MB;
    console.log(`encode text: ${textMb.toFixed(2)} MB (Shakespeare + bigram remix + generated multilingual)${QUICK ? ' [quick]' : ''}`);

    const verdicts = verifyIds(text);
    for (const [engine, problem] of verdicts) console.log(`ids ${engine}: ${problem ?? 'identical to tiktoken'}`);
    const matching = ENGINES.filter((engine) => verdicts.get(engine) === null);

    const runs = new Map<Engine, EncodeRun[]>(matching.map((engine) => [engine, []]));
    for (let round = 0; round < SETTINGS.runs; round++) {
      for (const engine of matching) runs.get(engine)?.push(runWorker<EncodeRun>(['encode', engine, textPath]));
    }

    const corpusPath = join(workDir, 'train.txt');
    const corpus = buildBenchmarkText(SETTINGS.trainBytes, 2, false);
    writeFileSync(corpusPath, corpus);
    const trainMb = Buffer.byteLength(corpus) / MB;
    const train = runWorker<TrainRun>(['train', corpusPath, String(SETTINGS.vocabSize)]);
    const manyWordsPath = join(workDir, 'train-many-words.txt');
    writeFileSync(manyWordsPath, buildManyWordsText(SETTINGS.trainBytes, 3));
    const manyWords = runWorker<TrainRun>(['train', manyWordsPath, String(SETTINGS.vocabSize)]);

    const encodeMbS: Record<string, number | null> = {};
    const encodeMbCpuS: Record<string, number | null> = {};
    const spread: Record<string, [number, number] | null> = {};
    const tokensPerSecond: Record<string, number | null> = {};
    console.log('');
    console.log(`engine          MB/s median   spread (min-max)   Mtokens/s median   MB/cpu-s median   load ms   runs`);
    for (const engine of ENGINES) {
      const engineRuns = runs.get(engine);
      if (engineRuns === undefined) {
        encodeMbS[engine] = encodeMbCpuS[engine] = spread[engine] = tokensPerSecond[engine] = null;
        console.log(`${engine.padEnd(15)} (no figures: ids did not match)`);
        continue;
      }
      const mbS = engineRuns.map((r) => r.bytes / MB / r.seconds);
      encodeMbS[engine] = round(median(mbS));
      encodeMbCpuS[engine] = round(median(engineRuns.map((r) => r.bytes / MB / r.cpu_seconds)));
      spread[engine] = [round(Math.min(...mbS)), round(Math.max(...mbS))];
      tokensPerSecond[engine] = Math.round(median(engineRuns.map((r) => r.tokens / r.seconds)));
      console.log(
        `${engine.padEnd(15)} ${String(encodeMbS[engine]).padStart(12)}   ${`${spread[engine]?.[0]}-${spread[engine]?.[1]}`.padStart(16)}   ${((tokensPerSecond[engine] ?? 0) / 1e6).toFixed(2).padStart(16)}   ${String(encodeMbCpuS[engine]).padStart(15)}   ${Math.round(median(engineRuns.map((r) => r.load_ms))).toString().padStart(7)}   ${engineRuns.length}`,
      );
    }
    const ours = encodeMbS.llmchain;
    for (const peer of ['tiktoken', 'gpt-tokenizer']) {
      const theirs = encodeMbS[peer];
      if (ours !== null && theirs !== null) console.log(`llmchain / ${peer}: ${(ours / theirs).toFixed(2)}x`);
    }
    for (const [name, run] of [['training', train], ['training, many-words stress corpus', manyWords]] as const) {
      console.log(`${name}: ${trainMb.toFixed(2)} MB, ${run.distinct_words} distinct words -> ${run.vocab_size} ids (${run.merges} merges) in ${run.seconds.toFixed(2)} s, peak RSS ${Math.round(run.peak_mb)} MB`);
    }

    console.log(`load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${loadavg()[0].toFixed(2)} on this machine`);
    const idsMatch = matching.length === ENGINES.length;
    console.log(
      JSON.stringify({
        bench: 'tokenizer',
        ids_match: idsMatch,
        encode_mb_s: encodeMbS,
        train_mb: round(trainMb),
        train_s: round(train.seconds),
        train_peak_mb: Math.round(train.peak_mb),
        train_distinct_words: train.distinct_words,
        train_many_words: { s: round(manyWords.seconds), peak_mb: Math.round(manyWords.peak_mb), distinct_words: manyWords.distinct_words },
        encode_mb_s_spread: spread,
        encode_mb_per_cpu_s: encodeMbCpuS,
        encode_tokens_s: tokensPerSecond,
        text_mb: round(textMb),
        runs: SETTINGS.runs,
        quick: QUICK,
        load_avg_1m: [round(loadAtStart), round(loadavg()[0])],
      }),
    );
    if (!idsMatch) process.exitCode = 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main();
