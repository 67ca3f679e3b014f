/**
 * Sharded cleaning over 1, 2 and 4 cleaning worker processes, after one unsharded run in one worker process (the
 * baseline the sharding overhead shows against): `npm run bench:clean -- --processes` (`--quick` for a 3 MB smoke
 * run). Each round starts a fresh stack (data-service taking no cleaning job itself, N `cleaning-worker.ts`
 * processes with one stage thread each, on the shared test Postgres, Redis and Kafka), uploads the same generated
 * corpus, runs one cleaning run with default settings and times it from the request to the published version. Prints
 * per round: wall-clock seconds and MB/s, the workers' CPU-seconds (from /proc, all their threads) and MB per
 * CPU-second, the load average before and after, the speed-up over one process, and whether the decisions are the
 * same in every round (SHA-256 of the decisions file, the corpus id, which each round's upload gets anew, set aside).
 * MB means 10^6 bytes.
 */
import { ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeCorpus } from '../corpus-generator/write-corpus';
import { bearer, call, issueKey, uploadFile } from '../../tests/data/data-api';

const QUICK = process.argv.includes('--quick');
const TARGET_BYTES = QUICK ? 3_000_000 : 20_000_000;
/** Worker processes per round; 0 shards means the run is cleaned whole in one worker process (the unsharded baseline). */
const ROUNDS = [
  { processes: 1, shardDocuments: 0 },
  { processes: 1, shardDocuments: QUICK ? 200 : 500 },
  { processes: 2, shardDocuments: QUICK ? 200 : 500 },
  { processes: 4, shardDocuments: QUICK ? 200 : 500 },
];
const MB = 1e6;

type Round = { processes: number; shardDocuments: number; seconds: number; cpuSeconds: number; load: [number, number]; decisionsSha256: string };

export async function benchCleaningProcesses(): Promise<void> {
  // The stacks run on the test infrastructure (Postgres, Redis, Kafka on loopback), provisioned if need be.
  execFileSync('bash', ['tools/prepare-test-infra.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const directory = mkdtempSync(path.join(tmpdir(), 'bench-clean-processes-'));
  try {
    const written = await writeCorpus(directory, { targetBytes: TARGET_BYTES, seed: 4321 });
    const corpus = readFileSync(path.join(directory, 'corpus.jsonl'));
    process.stderr.write(`corpus: ${written.documents} documents, ${(written.bytes / MB).toFixed(1)} MB of JSONL\n`);
    const rounds: Round[] = [];
    for (const [i, { processes, shardDocuments }] of ROUNDS.entries()) rounds.push(await round(processes, shardDocuments, corpus, path.join(directory, `blobs-${i}`)));

    const inputMb = written.bytes / MB;
    console.log(`\nCleaning ${inputMb.toFixed(1)} MB (${written.documents} documents) on ${availableParallelism()} cores; speed-up over one sharded process\n`);
    console.log('| worker processes | shards of | seconds (wall) | MB/s | speed-up | worker CPU-s | MB per CPU-s | load average before → after |');
    console.log('|---:|---|---:|---:|---:|---:|---:|---|');
    const single = rounds[1];
    for (const r of rounds)
      console.log(
        `| ${r.processes} | ${r.shardDocuments || 'unsharded'} | ${r.seconds.toFixed(1)} | ${(inputMb / r.seconds).toFixed(2)} | ${(single.seconds / r.seconds).toFixed(2)} | ` +
          `${r.cpuSeconds.toFixed(1)} | ${(inputMb / r.cpuSeconds).toFixed(2)} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |`,
      );
    const same = rounds.every((r) => r.decisionsSha256 === rounds[0].decisionsSha256);
    console.log(`\ndecisions identical in every round: ${same ? 'yes' : 'NO'} (SHA-256 ${rounds[0].decisionsSha256.slice(0, 16)}…)`);
    console.log(
      JSON.stringify({
        bench: 'clean-processes',
        mb: round2(inputMb),
        rounds: rounds.map((r) => ({ processes: r.processes, shard_documents: r.shardDocuments, seconds: round2(r.seconds), mb_per_s: round2(inputMb / r.seconds), cpu_seconds: round2(r.cpuSeconds), load_average: r.load.map(round2) })),
        decisions_identical: same,
      }),
    );
    if (!same) process.exitCode = 1;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function round(processes: number, shardDocuments: number, corpus: Buffer, blobRoot: string): Promise<Round> {
  const stack = new ServiceStack();
  const env = {
    BLOB_STORE_DIR: blobRoot,
    QUEUE_PREFIX: `bench:${stack.topicPrefix}`,
    CLEANING_SHARD_DOCUMENTS: String(shardDocuments),
    CLEANING_WORKERS: '1',
    LOG_LEVEL: 'warn',
  };
  try {
    const service = await stack.add('data-service', { ...env, CLEANING_IN_SERVICE: 'false' });
    const workers: ServiceProcess[] = [];
    for (let i = 0; i < processes; i++) workers.push(await stack.addWorker('data-service', 'cleaning-worker.ts', env));
    await stack.startAll();
    const { key } = await issueKey(stack);
    const upload = await uploadFile<{ id: string }>(service.baseUrl, key, 'bench.jsonl', corpus);
    if (upload.status >= 300) throw new Error(`upload answered ${upload.status}: ${JSON.stringify(upload.body)}`);
    const loadBefore = loadavg()[0];
    const cpuBefore = workers.map(cpuSecondsOf);
    const started = performance.now();
    const run = await call<{ id: string }>(service.baseUrl, key, 'POST', '/cleaning-runs', { corpusIds: [upload.body.id], datasetName: 'bench' });
    const finished = await waitUntil(
      async () => (await call<{ status: string; error: string | null; datasetVersionId: string }>(service.baseUrl, key, 'GET', `/cleaning-runs/${run.body.id}`)).body,
      (r) => r.status === 'succeeded' || r.status === 'failed',
      { timeoutMs: 3_600_000, intervalMs: 100, what: `the run on ${processes} processes` },
    );
    const seconds = (performance.now() - started) / 1000;
    if (finished.status !== 'succeeded') throw new Error(`the run failed: ${finished.error}`);
    const cpuSeconds = workers.reduce((sum, worker, i) => sum + cpuSecondsOf(worker) - cpuBefore[i], 0);
    const decisions = await (await fetch(`${service.baseUrl}/dataset-versions/${finished.datasetVersionId}/decisions`, { headers: bearer(key) })).text();
    process.stderr.write(`${processes} process(es), shards of ${shardDocuments || 'all'}: ${seconds.toFixed(1)} s\n`);
    return { processes, shardDocuments, seconds, cpuSeconds, load: [loadBefore, loadavg()[0]], decisionsSha256: sha256(decisions.replaceAll(upload.body.id, 'corpus')) };
  } finally {
    await stack.teardown();
  }
}

/** User + system CPU-seconds of a process, all its threads, from /proc/<pid>/stat (clock ticks of 1/100 s on Linux). */
function cpuSecondsOf(worker: ServiceProcess): number {
  const stat = readFileSync(`/proc/${worker.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
