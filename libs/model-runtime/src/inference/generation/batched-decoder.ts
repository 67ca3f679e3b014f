import { InvalidInputError } from '../../errors';
import { UnknownSequenceError } from '../errors';
import { StopCriteria } from '../sampling/stop-criteria';
import { TokenSampler } from '../sampling/token-sampler';
import { InferenceModel, KvCache } from '../session/inference-model';
import { CacheRowSource, assembleBatchedCache } from './kv-cache-layout';
import { SequenceRequest, TokenEvent } from './generation-options';

interface ActiveSequence {
  id: number;
  promptLength: number;
  generated: number[];
  /** Positions in the cache: every token so far except the last generated one, which is fed next. */
  cached: number;
  /** Where this sequence's cache rows are until the next step (re)assembles the batch. */
  cacheSource: CacheRowSource;
  sampler: TokenSampler;
  stop: StopCriteria;
}

const int64 = (values: number[]) => BigInt64Array.from(values, (v) => BigInt(v));

/**
 * Advances several independent sequences one token each per session run: the building block of
 * continuous batching. Sequences join (their prompts prefilled together, left-padded) and leave at
 * any step; rows keep their own lengths and positions, aligned by left padding in the cache and by
 * attention_mask and explicit position_ids in each run. Calls are serialized, so callers may
 * overlap them.
 */
export class BatchedDecoder {
  private sequences: ActiveSequence[] = [];
  /** The cache as the last step left it, in `sequences` order, or undefined when rows changed since. */
  private batchCache?: { cache: KvCache; width: number };
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly model: InferenceModel) {}

  get activeCount(): number {
    return this.sequences.length;
  }

  /** Prefills the prompts in one run and returns each sequence's first token (time to first token). */
  addSequences(requests: SequenceRequest[]): Promise<TokenEvent[]> {
    return this.serialized(() => this.prefill(requests));
  }

  /** Advances every active sequence by one token; finished sequences leave the batch. */
  step(): Promise<TokenEvent[]> {
    return this.serialized(() => this.decodeStep());
  }

  /** Drops a sequence (a cancelled request); its cache rows are freed at the next step. */
  removeSequence(sequenceId: number): void {
    if (!this.sequences.some((s) => s.id === sequenceId)) throw new UnknownSequenceError(sequenceId);
    this.detachBatchCache();
    // A new array, so a step iterating the old one is not disturbed.
    this.sequences = this.sequences.filter((s) => s.id !== sequenceId);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async prefill(requests: SequenceRequest[]): Promise<TokenEvent[]> {
    if (requests.length === 0) return [];
    const prepared = requests.map((request) => {
      this.model.validatePrompt(request.prompt);
      if (request.prompt.length === 0) throw new InvalidInputError('a prompt needs at least one token');
      return { request, sampler: new TokenSampler(request), stop: new StopCriteria(request) };
    });
    const width = Math.max(...requests.map((r) => r.prompt.length));
    const padded = requests.map((r) => width - r.prompt.length);
    const { logits, present } = await this.model.forward({
      batch: requests.length,
      seq: width,
      inputIds: int64(requests.flatMap((r, i) => [...new Array(padded[i]).fill(this.padToken), ...r.prompt])),
      attentionMask: int64(requests.flatMap((r, i) => [...new Array(padded[i]).fill(0), ...r.prompt.map(() => 1)])),
      // Padding positions get 0, any valid index: their outputs are never attended to.
      positionIds: int64(requests.flatMap((r, i) => [...new Array(padded[i]).fill(0), ...r.prompt.map((_, p) => p)])),
      logitsToKeep: 1,
    });
    this.detachBatchCache();
    return prepared.map(({ request, sampler, stop }, row) => {
      const sequence: ActiveSequence = {
        id: this.nextId++,
        promptLength: request.prompt.length,
        generated: [],
        cached: request.prompt.length,
        cacheSource: { cache: present, row, length: request.prompt.length },
        sampler,
        stop,
      };
      this.sequences.push(sequence);
      return this.accept(sequence, logits, row);
    });
  }

  private async decodeStep(): Promise<TokenEvent[]> {
    if (this.sequences.length === 0) return [];
    const batch = this.sequences.length;
    const { cache, width } =
      this.batchCache ?? assembleBatchedCache(this.sequences.map((s) => s.cacheSource), this.model.config.nLayer);
    const mask: number[] = [];
    for (const sequence of this.sequences) {
      for (let column = 0; column <= width; column++) mask.push(column >= width - sequence.cached ? 1 : 0);
    }
    const { logits, present } = await this.model.forward({
      batch,
      seq: 1,
      inputIds: int64(this.sequences.map((s) => s.generated[s.generated.length - 1])),
      attentionMask: int64(mask),
      positionIds: int64(this.sequences.map((s) => s.cached)),
      past: cache,
      logitsToKeep: 1,
    });
    const stepped = this.sequences;
    this.batchCache = { cache: present, width: width + 1 };
    stepped.forEach((sequence, row) => {
      sequence.cached++;
      sequence.cacheSource = { cache: present, row, length: sequence.cached };
    });
    return stepped.map((sequence, row) => this.accept(sequence, logits, row));
  }

  /** Samples a sequence's next token from its logits row, records it, and retires a finished sequence. */
  private accept(sequence: ActiveSequence, logits: Float32Array, row: number): TokenEvent {
    const vocab = this.model.config.vocabSize;
    const rowLogits = logits.subarray(row * vocab, (row + 1) * vocab);
    const token = sequence.sampler.sample(rowLogits);
    sequence.generated.push(token);
    const event: TokenEvent = { sequenceId: sequence.id, token, logits: rowLogits };
    const decision = sequence.stop.check(sequence.generated);
    // A sequence holds at most contextLength tokens, prompt included (Hugging Face's max_length).
    const contextFull = sequence.promptLength + sequence.generated.length >= this.model.config.contextLength;
    const finishReason = decision?.finishReason ?? (contextFull ? 'length' : undefined);
    if (finishReason) {
      event.finishReason = finishReason;
      if (decision?.text !== undefined) event.text = decision.text;
      this.removeSequence(sequence.id);
    }
    return event;
  }

  private get padToken(): number {
    return this.model.tokens.eosTokenId;
  }

  /** Membership changed: the next step re-lays the cache out from each sequence's own rows. */
  private detachBatchCache(): void {
    this.batchCache = undefined;
  }
}
