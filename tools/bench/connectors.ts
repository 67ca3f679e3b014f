/**
 * Connector and quality-classifier benchmark: `npm run bench:connectors` (about 50 MB of each source) or
 * `npm run bench:connectors -- --quick` (5 MB smoke run).
 *
 * 1. WARC: a file of HTML pages (articles with navigation and footer, text from tools/corpus-generator), each record
 *    gzipped on its own as Common Crawl writes them, read by the import's reader (warcio + Readability main content).
 * 2. Parquet: the same texts as a table with two metadata columns, snappy-compressed row groups of 2,000 rows, read by
 *    the import's reader (hyparquet) and mapped to documents.
 * 3. Classifier: trains on the generator's originals (good) and junk (bad), then scores every document.
 * Prints MB/s of source file bytes and documents/s for each, the load average before and after (the machine is
 * shared), and a last line of JSON. MB means 10^6 bytes.
 */
import { classifierMetrics, DEFAULT_TRAINING, heldOutSplit, scoreQuality, trainQualityModel } from '@llmchain/data-cleaning';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { importItems } from '../../apps/data-service/src/connectors/import-items';
import { generateCorpus } from '../corpus-generator/generate-corpus';

const QUICK = process.argv.includes('--quick');
const TARGET_BYTES = QUICK ? 5_000_000 : 50_000_000;
const MB = 1e6;
const LIMITS = { maxLineBytes: 8 << 20, maxRowGroupBytes: 256 << 20, maxHtmlBytes: 4 << 20 };

function page(title: string, text: string): string {
  const paragraphs = text.split('\n\n').map((paragraph) => `<p>${paragraph}</p>`).join('\n');
  return `<!doctype html><html><head><title>${title}</title><script>var x = 1;</script></head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav><article><h1>${title}</h1>${paragraphs}</article><footer>Copyright 2026</footer></body></html>`;
}

function warcRecord(url: string, html: string): Buffer {
  const body = Buffer.from(html);
  const http = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
  const head = `WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:${url.slice(-8).padStart(8, '0')}-0000-0000-0000-000000000000>\r\nWARC-Date: 2026-12-01T00:00:00Z\r\nWARC-Target-URI: ${url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n`;
  return gzipSync(Buffer.concat([Buffer.from(head), http, Buffer.from('\r\n\r\n')]));
}

async function timeImport(file: string, settings: Parameters<typeof importItems>[1]) {
  const started = performance.now();
  let documents = 0;
  for await (const item of importItems(file, settings, LIMITS)) if (!('skipped' in item)) documents++;
  return { seconds: (performance.now() - started) / 1000, documents };
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const generated = [...generateCorpus({ targetBytes: TARGET_BYTES, seed: 77, junkShare: 0.3, exactDuplicateShare: 0, nearDuplicateShare: 0 })];
  const directory = mkdtempSync(path.join(tmpdir(), 'bench-connectors-'));
  try {
    const warcPath = path.join(directory, 'pages.warc.gz');
    const warc = Buffer.concat(generated.map(({ document }, i) => warcRecord(`https://example.org/page/${i}`, page(`Page ${i}`, document.text))));
    writeFileSync(warcPath, warc);
    const parquetPath = path.join(directory, 'table.parquet');
    const parquet = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: generated.map((_, i) => i), type: 'INT32' },
          { name: 'url', data: generated.map((_, i) => `https://example.org/page/${i}`), type: 'STRING' },
          { name: 'text', data: generated.map(({ document }) => document.text), type: 'STRING' },
        ],
        rowGroupSize: 2_000,
      }),
    );
    writeFileSync(parquetPath, parquet);
    process.stderr.write(`sources: ${generated.length} documents; WARC ${(warc.length / MB).toFixed(1)} MB, Parquet ${(parquet.length / MB).toFixed(1)} MB\n`);

    const warcRun = await timeImport(warcPath, { format: 'warc', text: 'text', metadata: [], delimiter: ',' });
    const parquetRun = await timeImport(parquetPath, { format: 'parquet', text: 'text', metadata: ['id', 'url'], delimiter: ',' });

    const labelled = generated.map(({ document, label }) => ({ text: document.text, good: label.kind !== 'junk' }));
    const { training, heldOut } = heldOutSplit(labelled, 0.2);
    const trainStarted = performance.now();
    const model = trainQualityModel(training, { ...DEFAULT_TRAINING, deadline: Date.now() + 600_000 });
    const trainSeconds = (performance.now() - trainStarted) / 1000;
    const scoreStarted = performance.now();
    const scores = labelled.map((example) => scoreQuality(model, example.text));
    const scoreSeconds = (performance.now() - scoreStarted) / 1000;
    const textMB = labelled.reduce((sum, example) => sum + Buffer.byteLength(example.text), 0) / MB;
    const metrics = classifierMetrics(heldOut.map((example) => ({ good: example.good, score: scoreQuality(model, example.text) })));
    const loadAfter = loadavg();

    const rows = [
      ['WARC import (gzip per record, Readability)', `${(warc.length / MB / warcRun.seconds).toFixed(2)} MB/s`, `${Math.round(warcRun.documents / warcRun.seconds)} docs/s`, `${warcRun.seconds.toFixed(1)} s`],
      ['Parquet import (snappy, 3 columns)', `${(parquet.length / MB / parquetRun.seconds).toFixed(2)} MB/s`, `${Math.round(parquetRun.documents / parquetRun.seconds)} docs/s`, `${parquetRun.seconds.toFixed(1)} s`],
      ['classifier training (10 epochs)', `${((textMB * 0.8) / trainSeconds).toFixed(2)} MB/s`, `${Math.round(training.length / trainSeconds)} docs/s`, `${trainSeconds.toFixed(1)} s`],
      ['classifier scoring', `${(textMB / scoreSeconds).toFixed(2)} MB/s`, `${Math.round(scores.length / scoreSeconds)} docs/s`, `${scoreSeconds.toFixed(1)} s`],
    ];
    for (const row of rows) console.log(row.join(' | '));
    console.log(`held-out: ${metrics.examples} examples, accuracy ${metrics.accuracy.toFixed(3)}, precision ${metrics.precision.toFixed(3)}, recall ${metrics.recall.toFixed(3)}, AUC ${metrics.auc.toFixed(3)}`);
    console.log(`load average before ${loadBefore.map((l) => l.toFixed(1)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(1)).join(' ')}`);
    console.log(
      JSON.stringify({
        bench: 'connectors',
        warc_mb_per_s: +(warc.length / MB / warcRun.seconds).toFixed(2),
        parquet_mb_per_s: +(parquet.length / MB / parquetRun.seconds).toFixed(2),
        classifier_docs_per_s: Math.round(scores.length / scoreSeconds),
        held_out_accuracy: +metrics.accuracy.toFixed(3),
        load_1m: +loadAfter[0].toFixed(1),
      }),
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

void main();
