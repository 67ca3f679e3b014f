import OpenAI from 'openai';
import { meteredUsage, upcomingInvoice, UpcomingInvoice, UsageReport } from './billing-steps';
import { cleanCorpus, CleanedCorpus, uploadCorpus } from './data-steps';
import { ImportedBase, importBase } from './base-model-steps';
import { HttpClient } from './http-client';
import { askModel, Completions, TokenUsage, waitUntilServed } from './serving-steps';
import { DemoTenant, setUpTenant } from './tenant-setup';
import { TrainedModel, trainModel, TrainingSettings } from './training-steps';

export type ChainUrls = { data: string; training: string; serving: string; billing: string };

export type ChainOptions = {
  urls: ChainUrls;
  admin: { email: string; password: string };
  /** Distinguishes this run's plan and tenant from earlier runs on the same databases. */
  label: string;
  corpusBytes: number;
  seed: number;
  training: TrainingSettings;
  /** A local Hugging Face model directory: imported, then LoRA-fine-tuned on the cleaned corpus instead of pretraining. */
  baseModelDir?: string;
  prompt: string;
  /** Tokens each completion may add: the prompt and these must fit the model's context. */
  maxTokens: number;
  /** Where progress bars, the streamed completion and step headings go; null runs silently (tests). */
  out: NodeJS.WriteStream | null;
};

export type StepTiming = { step: string; ms: number };

export type ChainResult = {
  tenant: DemoTenant;
  corpus: { corpusId: string; bytes: number; sha256: string };
  cleaned: CleanedCorpus;
  /** The imported base, when the chain fine-tunes one. */
  base: ImportedBase | null;
  model: TrainedModel;
  completions: Completions;
  /** Every token serving answered for (the load probe and the completions): what billing must have metered. */
  servingUsage: TokenUsage;
  usage: UsageReport;
  invoice: UpcomingInvoice;
  timings: StepTiming[];
};

/**
 * The platform's whole chain, driven through the public APIs the way a tenant and an admin would: tenant, plan and key
 * (billing) → corpus upload and cleaning (data) → tokenizer and GPT training, or a base's import and a LoRA
 * fine-tune of it, and registration (training) →
 * completions, one streamed (serving) → metered usage and the invoice it produces (billing).
 */
export async function runChain(options: ChainOptions): Promise<ChainResult> {
  const { urls, out } = options;
  const timings: StepTiming[] = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    out?.write(`\n▸ ${name}\n`);
    const started = Date.now();
    const result = await work();
    timings.push({ step: name, ms: Date.now() - started });
    return result;
  };
  const billing = new HttpClient(urls.billing);
  const data = new HttpClient(urls.data);
  const training = new HttpClient(urls.training);

  const tenant = await step('set up a tenant, plan and API key (billing)', () =>
    setUpTenant(
      billing,
      options.admin,
      [
        { client: data, probe: '/corpora' },
        { client: training, probe: '/v1/training/jobs' },
        { client: new HttpClient(urls.serving), probe: '/v1/models' },
      ],
      options.label,
    ),
  );
  const asTenant = { data: data.withToken(tenant.key), training: training.withToken(tenant.key), billing: billing.withToken(tenant.key) };
  const corpus = await step('upload a generated corpus (data)', () => uploadCorpus(asTenant.data, options.corpusBytes, options.seed));
  const cleaned = await step('clean it into a dataset version (data)', () => cleanCorpus(asTenant.data, corpus.corpusId, `demo-${options.label}`, out));
  const baseDir = options.baseModelDir;
  const base = baseDir ? await step(`import the base model ${baseDir} (training)`, () => importBase(asTenant.training, tenant.key, baseDir, options.label, out)) : null;
  const model = base
    ? await step(`fine-tune a LoRA adapter of ${base.name} on it, export and register it (training)`, () =>
        trainModel(asTenant.training, tenant.key, cleaned.datasetVersionId, options.training, out, base.modelId),
      )
    : await step('train a tokenizer and a GPT, export and register it (training)', () =>
        trainModel(asTenant.training, tenant.key, cleaned.datasetVersionId, options.training, out),
      );
  const openai = new OpenAI({ baseURL: `${urls.serving}/v1`, apiKey: tenant.key, maxRetries: 0 });
  const probe = await step('load the model (serving)', () => waitUntilServed(openai, model.modelName));
  const completions = await step('ask it for completions, one streamed (serving)', () => askModel(openai, model.modelName, options.prompt, options.maxTokens, out));
  const servingUsage = { prompt: probe.prompt + completions.usage.prompt, completion: probe.completion + completions.usage.completion };
  const usage = await step('meter the usage (billing)', () =>
    meteredUsage(asTenant.billing, { training: Number(model.job.trainedTokens), ...servingUsage }),
  );
  const invoice = await step('compute the invoice (billing)', () => upcomingInvoice(asTenant.billing));
  return { tenant, corpus, cleaned, base, model, completions, servingUsage, usage, invoice, timings };
}
