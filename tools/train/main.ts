import { parseArgs } from 'node:util';
import services from '../services.json';
import { followJob } from './follow-job';
import { TrainingApiError, TrainingClient } from './training-client';

const USAGE = `usage: npm run train -- --dataset <datasetVersionId> [options]     start a job and follow it
       npm run train -- --follow <jobId>                                follow a job already started
options:
  --kind pretrain|finetune|tokenizer   (default pretrain)
  --base <modelId>                     base model, for finetune
  --steps <n|auto>  --batch-size <n|auto>  --learning-rate <x|auto>  --seed <n>  --checkpoint-every <n>
  --layers <n>  --heads <n>  --embedding-size <n>  --context-length <n>  --vocab-size <n>
  --suffix <name>                      appears in the model's name
  --url <training-service url>         (default http://127.0.0.1:${services.find((s) => s.name === 'training-service')!.port})
the API key comes from LLMCHAIN_API_KEY (a key with the "training" scope); Ctrl-C cancels a job this command started`;

/** A command-line client for training-service: starts a job and follows it with a progress bar and the live loss. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ['dataset', 'follow', 'kind', 'base', 'steps', 'batch-size', 'learning-rate', 'seed', 'checkpoint-every', 'layers', 'heads',
        'embedding-size', 'context-length', 'vocab-size', 'suffix', 'url'].map((name) => [name, { type: 'string' as const }]),
    ),
    strict: true,
  });
  const apiKey = process.env.LLMCHAIN_API_KEY;
  if (!apiKey || (!values.dataset && !values.follow)) {
    process.stderr.write(`${apiKey ? '' : 'LLMCHAIN_API_KEY is not set.\n'}${USAGE}\n`);
    return 2;
  }
  const port = services.find((s) => s.name === 'training-service')!.port;
  const client = new TrainingClient(values.url ?? `http://127.0.0.1:${port}`, apiKey);
  let jobId = values.follow;
  if (!jobId) {
    const job = await client.createJob(jobRequest(values));
    jobId = job.id;
    process.stdout.write(`job ${job.id}: ${job.kind} on dataset version ${values.dataset}, ${job.hyperparameters?.steps ?? 0} steps\n`);
    process.once('SIGINT', () => void client.cancel(job.id).then(() => process.stdout.write('\ncancel requested\n')));
  }
  const finished = await followJob(client, jobId);
  process.stdout.write(`job ${finished.id} ${finished.status}${finished.modelId ? `: model ${finished.modelId}` : ''}${finished.error ? `: ${finished.error}` : ''}\n`);
  return finished.status === 'succeeded' ? 0 : 1;
}

function jobRequest(values: Record<string, string | undefined>): object {
  const number = (name: string) => {
    const value = values[name];
    if (value === undefined || value === 'auto') return value;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new TrainingApiError(`--${name} must be a number or auto, got ${value}`);
    return parsed;
  };
  const drop = (object: Record<string, unknown>) => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
  return drop({
    kind: values.kind ?? 'pretrain',
    datasetVersionId: values.dataset,
    baseModelId: values.base,
    suffix: values.suffix,
    model: drop({
      layers: number('layers'),
      heads: number('heads'),
      embeddingSize: number('embedding-size'),
      contextLength: number('context-length'),
      vocabSize: number('vocab-size'),
    }),
    hyperparameters: drop({
      steps: number('steps'),
      batchSize: number('batch-size'),
      learningRate: number('learning-rate'),
      seed: number('seed'),
      checkpointEvery: number('checkpoint-every'),
    }),
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof TrainingApiError || error instanceof TypeError ? error.message : error.stack}\n`);
    process.exit(1);
  },
);
