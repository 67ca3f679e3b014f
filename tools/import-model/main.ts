import { MultiBar, Presets } from 'cli-progress';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import services from '../services.json';
import { TrainingApiError, TrainingClient } from '../train/training-client';
import { modelDirectoryFiles, tarModelDirectory } from './directory-tar';

const USAGE = `usage: npm run import-model -- <hf-model-directory> [--name <model name>] [--platform] [--url <training-service url>]
imports a Hugging Face model directory (config.json, tokenizer files, safetensors weights) through training-service:
uploads it as a tar, then follows the import (conversion, fp32/q8/q4 export, registration) to the registered model.
--platform  a base every tenant may call and fine-tune (the key's tenant must be in TRAINING_PLATFORM_TENANTS)
the API key comes from LLMCHAIN_API_KEY (a key with the "training" scope)`;

const POLL_MS = 1000;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { name: { type: 'string' }, platform: { type: 'boolean' }, url: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const apiKey = process.env.LLMCHAIN_API_KEY;
  const dir = positionals[0];
  if (!apiKey || positionals.length !== 1 || !existsSync(dir)) {
    process.stderr.write(`${apiKey ? '' : 'LLMCHAIN_API_KEY is not set.\n'}${dir && !existsSync(dir) ? `${dir} does not exist.\n` : ''}${USAGE}\n`);
    return 2;
  }
  const files = modelDirectoryFiles(dir);
  if (files.length === 0) throw new TrainingApiError(`${dir} holds none of a Hugging Face model directory's files`);
  const port = services.find((s) => s.name === 'training-service')!.port;
  const client = new TrainingClient(values.url ?? `http://127.0.0.1:${port}`, apiKey);
  const query = new URLSearchParams({ ...(values.name ? { name: values.name } : {}), ...(values.platform ? { platform: 'true' } : {}) });

  const bars = new MultiBar({ hideCursor: true }, Presets.shades_classic);
  const barFormat = (stage: string) => ({ format: ` ${stage} |{bar}| {percentage}% | {detail}` });
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const upload = bars.create(total, 0, { detail: `${files.length} files, ${(total / 2 ** 20).toFixed(1)} MiB` }, barFormat('upload'));
  let sent = 0;
  const stream = Readable.toWeb(tarModelDirectory(dir, (bytes) => upload.update((sent += bytes)))) as ReadableStream<Uint8Array>;
  const started = await client.importModel({ contentType: 'application/x-tar', stream }, query.size ? `?${query}` : '', randomUUID());
  upload.update(total);
  const convert = bars.create(1, 0, { detail: `${started.name}: ${started.status}` }, barFormat('import'));
  for (;;) {
    const current = await client.modelImport(started.id);
    const progress = current.progress;
    if (progress) {
      convert.setTotal(progress.total);
      convert.update(progress.done, { detail: `${progress.phase}: ${progress.item}` });
    }
    if (current.status === 'succeeded' || current.status === 'failed' || current.status === 'cancelled') {
      bars.stop();
      const outcome = current.status === 'succeeded' ? `model ${current.modelId} registered as ${current.name} (${current.visibility})` : current.error;
      process.stdout.write(`import ${current.id} ${current.status}: ${outcome}\n`);
      return current.status === 'succeeded' ? 0 : 1;
    }
    await sleep(POLL_MS);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof TrainingApiError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  },
);
