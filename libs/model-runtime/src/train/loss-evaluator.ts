import * as ort from 'onnxruntime-node';
import { InvalidInputError } from '../errors';
import { GptConfig } from '../model/config';
import { ModelParams } from '../model/params';
import { assertTokenIds } from '../model/token-batch';
import { createCpuSession } from '../onnx/cpu-session';
import { asTrainingData, TrainingData } from './batch-sampler';
import { INPUT_IDS, LOSS, LOSS_WEIGHTS, TARGETS } from './state-names';
import { buildLossGraph } from './step-graphs';
import { TrainingModel, trainingModel } from './training-model';

export interface EvaluationResult {
  /** Mean next-token cross-entropy in nats (weighted mean with loss weights). */
  loss: number;
  perplexity: number;
  /** Tokens whose prediction was scored (the sum of their weights with loss weights). */
  tokens: number;
}

/**
 * Loss and perplexity on held-out tokens: consecutive non-overlapping windows of seqLen + 1 tokens, in batches of
 * `batch` windows (only whole batches; at most `maxBatches`), no dropout. With loss weights (completion-only data) the
 * loss is the weighted mean over all scored targets of all batches.
 */
export class LossEvaluator {
  private constructor(
    private readonly model: TrainingModel,
    private readonly session: ort.InferenceSession,
    private readonly batch: number,
    private readonly seqLen: number,
  ) {}

  /** For a GPT-2 config, or any training model (a LoRA model's parameters then include its base and adapter). */
  static async create(model: GptConfig | TrainingModel, batch: number, seqLen: number): Promise<LossEvaluator> {
    const definition = 'paramShapes' in model ? model : trainingModel({ model: { architecture: 'gpt2', config: model } });
    return new LossEvaluator(definition, await createCpuSession(buildLossGraph(definition, batch, seqLen)), batch, seqLen);
  }

  async evaluate(
    params: ModelParams | Map<string, ort.Tensor>,
    data: Int32Array | TrainingData,
    maxBatches = Infinity,
  ): Promise<EvaluationResult> {
    const { batch, seqLen } = this;
    const { tokens, lossWeights } = asTrainingData(data);
    if (lossWeights && lossWeights.length !== tokens.length) {
      throw new InvalidInputError(`lossWeights has ${lossWeights.length} entries for ${tokens.length} tokens`);
    }
    assertTokenIds(this.model, tokens);
    const windows = Math.floor((tokens.length - 1) / seqLen);
    const batches = Math.min(Math.floor(windows / batch), maxBatches);
    if (batches < 1) {
      throw new InvalidInputError(`held-out data of ${tokens.length} tokens is too short for one batch of ${batch}x${seqLen + 1}`);
    }
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, shape] of this.model.paramShapes) {
      const value = params.get(name)!;
      feeds[name] = value instanceof Float32Array ? new ort.Tensor('float32', value, shape) : value;
    }
    let total = 0;
    let scored = 0;
    for (let b = 0; b < batches; b++) {
      const inputIds = new BigInt64Array(batch * seqLen);
      const targets = new BigInt64Array(batch * seqLen);
      const weights = new Float32Array(batch * seqLen).fill(1);
      for (let row = 0; row < batch; row++) {
        const start = (b * batch + row) * seqLen;
        for (let t = 0; t < seqLen; t++) {
          inputIds[row * seqLen + t] = BigInt(tokens[start + t]);
          targets[row * seqLen + t] = BigInt(tokens[start + t + 1]);
          if (lossWeights) weights[row * seqLen + t] = lossWeights[start + t + 1];
        }
      }
      feeds[INPUT_IDS] = new ort.Tensor('int64', inputIds, [batch, seqLen]);
      feeds[TARGETS] = new ort.Tensor('int64', targets, [batch, seqLen]);
      feeds[LOSS_WEIGHTS] = new ort.Tensor('float32', weights, [batch, seqLen]);
      const out = await this.session.run(feeds);
      // The graph's loss is this batch's weighted mean; weighing it by the batch's weight sum gives the overall mean.
      const batchWeight = weights.reduce((a, w) => a + w, 0);
      total += (out[LOSS].data as Float32Array)[0] * batchWeight;
      scored += batchWeight;
    }
    if (!(scored > 0)) throw new InvalidInputError('held-out data has no target with a positive loss weight');
    const loss = total / scored;
    return { loss, perplexity: Math.exp(loss), tokens: scored };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
