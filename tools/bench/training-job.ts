/**
 * A training job of real size through the running platform: `npm start` first (it leaves the services, a worker and
 * the admin's credentials in .cache/run/), then `npm run bench:training-job [-- --steps 500 | --auto] [--corpus <text
 * file>]`. Uploads the corpus (default ../shared/corpora/tinyshakespeare.txt, one document per passage), cleans it with
 * the quality rules off (verse is short lines), pretrains a GPT of the default shape with its own BPE tokenizer, and
 * reports the wall time of each part of the job from its events. `--quick` is a smoke run of 20 steps.
 */
import { parseArgs } from 'node:util';
import { cleanCorpus, uploadTextFile } from '../main-job/chain/data-steps';
import { HttpClient } from '../main-job/chain/http-client';
import { setUpTenant } from '../main-job/chain/tenant-setup';
import { trainModel } from '../main-job/chain/training-steps';
import { mainJobAdmin } from '../main-job/admin-credentials';
import { PROCESSES } from '../main-job/processes';
import { JobEvent, TrainingClient } from '../train/training-client';

const url = (name: string) => `http://127.0.0.1:${PROCESSES.find((p) => p.name === name)!.port}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { steps: { type: 'string' }, auto: { type: 'boolean' }, quick: { type: 'boolean' }, corpus: { type: 'string' } },
  });
  const steps = values.auto ? 'auto' : Number(values.steps ?? (values.quick ? 20 : 500));
  const corpus = values.corpus ?? '../shared/corpora/tinyshakespeare.txt';
  const started = Date.now();
  const billing = new HttpClient(url('billing-service'));
  const data = new HttpClient(url('data-service'));
  const training = new HttpClient(url('training-service'));
  const tenant = await setUpTenant(
    billing,
    mainJobAdmin(),
    [{ client: data, probe: '/corpora' }, { client: training, probe: '/v1/training/jobs' }],
    `bench${Date.now()}`,
  );
  const asTenant = data.withToken(tenant.key);
  const upload = await uploadTextFile(asTenant, corpus);
  const cleaned = await cleanCorpus(asTenant, upload.corpusId, 'bench-corpus', process.stderr, { quality: { enabled: false } });
  const dataDone = Date.now();
  const model = await trainModel(training.withToken(tenant.key), tenant.key, cleaned.datasetVersionId, { model: {}, hyperparameters: { steps } as Record<string, number> }, process.stderr);
  const jobWall = (Date.now() - dataDone) / 1000;
  const phases = await phaseSeconds(new TrainingClient(url('training-service'), tenant.key), model.job.id);
  const summary = {
    bench: 'training-job',
    corpus_bytes: upload.bytes,
    documents: cleaned.report.documentsOut,
    steps: model.lossCurve.at(-1)?.step ?? 0,
    trained_tokens: Number(model.job.trainedTokens),
    val_loss: Number(model.metrics.valLoss.toFixed(4)),
    job_wall_s: Number(jobWall.toFixed(1)),
    phases_s: phases,
    upload_and_clean_s: Number(((dataDone - started) / 1000).toFixed(1)),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

/** Seconds from each phase event to the next event of another phase (the last one runs to the final status). */
async function phaseSeconds(client: TrainingClient, jobId: string): Promise<Record<string, number>> {
  const events: JobEvent[] = await client.eventsAfter(jobId, null);
  const marks = events
    .filter((e) => e.type === 'phase' || e.type === 'status')
    .map((e) => ({ name: e.type === 'phase' ? String(e.data?.phase) : e.message.split(/[;:]/)[0], at: Date.parse(e.createdAt) }));
  const phases: Record<string, number> = {};
  for (let i = 0; i + 1 < marks.length; i++) phases[marks[i].name] = Number(((marks[i + 1].at - marks[i].at) / 1000).toFixed(1));
  return phases;
}

main().catch((error: Error) => {
  process.stderr.write(`bench:training-job failed: ${error.message}\n`);
  process.exit(1);
});
