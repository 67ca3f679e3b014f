/**
 * Cleaning pipeline benchmark: `npm run bench:clean` (>= 100 MB) or `npm run bench:clean -- --quick` (5 MB smoke run);
 * `-- --workers N` spreads the per-document stages over N worker threads (default: one per core; 0 runs serially);
 * `-- --processes` instead compares a sharded run over 1, 2 and 4 cleaning worker processes (tools/bench/clean-processes.ts).
 *
 * 1. Writes a synthetic corpus with planted ground truth (tools/corpus-generator) to a temporary directory as JSONL.
 * 2. Streams it back from disk through the reader and every stage with default settings, scoring each decision
 *    against the labels as it goes, so memory stays what the pipeline itself needs.
 * 3. Prints a table: per stage, time and MB/s (input megabytes over the time spent in that stage; later stages see
 *    fewer documents), then the whole run in wall-clock and per CPU-second (meaningful when others share the cores),
 *    peak memory (max RSS), and accuracy: PII recall and precision per type and the forms with misses, language
 *    identification on the corpus and per language on the held-out sentences, redactions on 10,000 look-alikes, and
 *    precision and recall on 2,000 documents of hard-negative prose in nine languages (libs/data-cleaning testing).
 *    The load average at the start and end is printed (the machine is shared). The last line is one JSON object with
 *    the figures. MB means 10^6 bytes.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { CleaningOutcome, CleaningPipeline, ParallelCleaningPipeline, readDocuments, redactPii, SourceDocument, STAGES } from '@llmchain/data-cleaning';
import { measureLanguageAccuracy } from '../../libs/data-cleaning/src/testing/language-accuracy';
import { measureProsePiiAccuracy } from '../../libs/data-cleaning/src/testing/prose-pii-accuracy';
import { lookAlikeCorpus } from '../corpus-generator/look-alikes';
import { AccuracyScorer } from '../corpus-generator/evaluate';
import { PlantedLabel } from '../corpus-generator/generate-corpus';
import { writeCorpus } from '../corpus-generator/write-corpus';
import { benchCleaningProcesses } from './clean-processes';

const QUICK = process.argv.includes('--quick');
const TARGET_BYTES = QUICK ? 5_000_000 : 105_000_000;
const TARGET_MB_PER_S = 10;
const WORKERS = workersArgument();
const MB = 1e6;

async function main(): Promise<void> {
  const directory = mkdtempSync(path.join(tmpdir(), 'bench-clean-'));
  const loadAtStart = loadavg()[0];
  try {
    const written = await writeCorpus(directory, { targetBytes: TARGET_BYTES, seed: 1234 });
    process.stderr.write(`corpus: ${written.documents} documents, ${(written.bytes / MB).toFixed(1)} MB of JSONL\n`);
    global.gc?.();

    const pipeline = WORKERS > 0 ? new ParallelCleaningPipeline({}, { workers: WORKERS }) : new CleaningPipeline();
    const scorer = new AccuracyScorer();
    const labels = createInterface({ input: createReadStream(path.join(directory, 'labels.jsonl')) })[Symbol.asyncIterator]();
    const chunks = createReadStream(path.join(directory, 'corpus.jsonl'), { highWaterMark: 1 << 20 });

    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let readMs = 0;
    let textBytes = 0;
    async function* timedRead(): AsyncGenerator<SourceDocument> {
      let mark = performance.now();
      for await (const document of readDocuments(chunks, 'jsonl', 'bench')) {
        readMs += performance.now() - mark;
        textBytes += Buffer.byteLength(document.text);
        yield document;
        mark = performance.now();
      }
    }
    const outcomes: AsyncIterable<CleaningOutcome> =
      pipeline instanceof ParallelCleaningPipeline ? pipeline.process(timedRead()) : serially(pipeline, timedRead());
    for await (const outcome of outcomes) {
      const label = JSON.parse((await labels.next()).value as string) as PlantedLabel;
      scorer.add(label, outcome);
    }
    if (pipeline instanceof ParallelCleaningPipeline) await pipeline.close();
    const totalSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const report = pipeline.buildReport();
    const scores = scorer.scores();
    const inputMb = written.bytes / MB;
    const loadAtEnd = loadavg()[0];
    const languages = measureLanguageAccuracy();
    const lookAlikesRedacted = lookAlikeCorpus(10_000).filter(({ text }) => redactPii(text).total > 0).length;
    const prose = measureProsePiiAccuracy(2_000, 1234);

    const rows: [string, number][] = [['read + parse JSONL', readMs], ...STAGES.map((s) => [s, pipeline.stageMs[s]] as [string, number])];
    const threads = WORKERS > 0 ? `${WORKERS} worker threads` : 'one thread';
    console.log(`\nCleaning ${inputMb.toFixed(1)} MB (${report.documentsIn} documents, ${(textBytes / MB).toFixed(1)} MB of text) on ${threads}`);
    console.log(`load average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end (${availableParallelism()} cores)\n`);
    if (WORKERS > 0) console.log('(per-stage seconds are summed over the worker threads)\n');
    // A stage's CPU-seconds, estimated as its share of the timed work times the process's CPU-seconds: stage timers
    // read the wall clock, which on a loaded machine also counts the time the thread waited for a core.
    const timedMs = rows.reduce((sum, [, ms]) => sum + ms, 0);
    const stageCpuSeconds = (ms: number) => (cpuSeconds * ms) / timedMs;
    console.log('| stage | seconds | MB/s | CPU-seconds (est.) | MB per CPU-second |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [stage, ms] of rows)
      console.log(
        `| ${stage} | ${(ms / 1000).toFixed(2)} | ${(inputMb / (ms / 1000)).toFixed(1)} | ${stageCpuSeconds(ms).toFixed(2)} | ${(inputMb / stageCpuSeconds(ms)).toFixed(1)} |`,
      );
    const mbPerS = inputMb / totalSeconds;
    console.log(`| **total (wall clock)** | ${totalSeconds.toFixed(2)} | ${mbPerS.toFixed(2)} | | |`);
    console.log(`| total per CPU-second | ${cpuSeconds.toFixed(2)} | ${(inputMb / cpuSeconds).toFixed(2)} | | |`);
    console.log(`\npeak RSS ${peakRssMb.toFixed(0)} MB; kept ${report.documentsOut} documents; removed by rule ${JSON.stringify(report.removedByRule)}`);
    console.log(`PII by type ${JSON.stringify(scores.piiByType)}`);
    console.log(`PII forms with misses (of ${Object.keys(scores.piiByForm).length} forms planted) ${JSON.stringify(scores.piiMissedForms)}`);
    console.log(`PII look-alikes redacted: ${lookAlikesRedacted} of 10000`);
    console.log(
      `PII on hard-negative prose (${prose.documents} documents in nine languages, ${prose.lookAlikes} look-alikes): look-alike documents ` +
        `redacted ${prose.lookAlikeDocumentsRedacted}, planted values found ${prose.plantedFound} of ${prose.planted}, documents redacted ` +
        `other than exactly the planted values ${prose.documentsWithWrongRedactions}`,
    );
    console.log(
      `language ID on held-out sentences (${Object.keys(languages.perLanguage).length} languages): overall ${languages.overall}, wrong labels ` +
        `${languages.wrongLabels}, und on formulas/code ${languages.noLanguageUnd}, mixed pairs found ${languages.mixedPairsFound}`,
    );
    console.log(Object.entries(languages.perLanguage).map(([language, t]) => `${language} ${t.accuracy}`).join(', '));
    console.log(
      `near duplicates scored ${scores.nearDuplicatesScored}, exact ${scores.exactDuplicatesScored}; junk recall ${scores.junkRecall}; ` +
        `originals removed ${scores.originalsRemoved}; language accuracy ${scores.languageAccuracy}`,
    );
    console.log(`target ${TARGET_MB_PER_S} MB/s: ${mbPerS >= TARGET_MB_PER_S ? 'met' : 'missed'}${QUICK ? ' (quick run: not a result)' : ''}`);
    console.log(
      JSON.stringify({
        bench: 'clean',
        mb_per_s: round(mbPerS),
        mb_per_cpu_s: round(inputMb / cpuSeconds),
        peak_rss_mb: Math.round(peakRssMb),
        pii_recall: scores.piiRecall,
        pii_precision: scores.piiPrecision,
        neardup_recall: scores.nearDuplicateRecall,
        exact_dup_recall: scores.exactDuplicateRecall,
        look_alikes_redacted: lookAlikesRedacted,
        prose_look_alike_documents_redacted: prose.lookAlikeDocumentsRedacted,
        prose_planted_recall: round(prose.plantedFound / prose.planted),
        language_held_out: languages.overall,
        load_average: [round(loadAtStart), round(loadAtEnd)],
      }),
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function* serially(pipeline: CleaningPipeline, documents: AsyncIterable<SourceDocument>): AsyncGenerator<CleaningOutcome> {
  for await (const document of documents) yield pipeline.process(document);
}

function workersArgument(): number {
  const index = process.argv.indexOf('--workers');
  if (index === -1) return availableParallelism();
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error('--workers needs a whole number (0 = no worker threads)');
  return value;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

(process.argv.includes('--processes') ? benchCleaningProcesses() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
