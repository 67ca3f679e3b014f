import { headDim } from '../../model/config';
import { InvalidInputError } from '../../errors';
import { UnknownSequenceError } from '../errors';
import { StopCriteria } from '../sampling/stop-criteria';
import { TokenSampler } from '../sampling/token-sampler';
import { InferenceModel } from '../session/inference-model';
import { CacheRows, DecodeCache } from './decode-cache';
import { SequenceRequest, TokenEvent } from './generation-options';

interface ActiveSequence {
  id: number;
  promptLength: number;
  generated: number[];
  /** Positions in the cache: every token so far except the last generated one, which is fed next. */
  cached: number;
  /** Where this sequence's cached keys and values are now. */
  rows: CacheRows;
  sampler: TokenSampler;
  stop: StopCriteria;
}

/**
 * Cache capacity grows in chunks: the cache is re-laid out once per chunk of steps rather than every
 * step, while attention reads at most a chunk of unused (masked) columns.
 */
const CAPACITY_CHUNK = 16;

/**
 * Advances several independent sequences one token each per session run: the building block of
 * continuous batching. Sequences join (their prompts prefilled together, left-padded) and leave at
 * any step; each keeps its own length and positions, told to the graph by attention_mask and
 * explicit position_ids. Calls are serialized, so callers may overlap them.
 */
export class BatchedDecoder {
  private sequences: ActiveSequence[] = [];
  /** The cache laid out for `sequences` in order, or undefined after rows joined or left. */
  private cache?: DecodeCache;
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

  /** Drops a sequence (a cancelled request), even mid-step; its cache row is freed at the next step. */
  removeSequence(sequenceId: number): void {
    if (!this.sequences.some((s) => s.id === sequenceId)) throw new UnknownSequenceError(sequenceId);
    this.retire(sequenceId);
  }

  private retire(sequenceId: number): void {
    this.cache = undefined;
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
    const batch = requests.length;
    const inputIds = new BigInt64Array(batch * width).fill(BigInt(this.model.tokens.eosTokenId));
    const attentionMask = new BigInt64Array(batch * width);
    // Padding positions stay 0, a valid index: their outputs are never attended to.
    const positionIds = new BigInt64Array(batch * width);
    requests.forEach(({ prompt }, row) => {
      const padding = width - prompt.length;
      prompt.forEach((token, i) => {
        inputIds[row * width + padding + i] = BigInt(token);
        attentionMask[row * width + padding + i] = 1n;
        positionIds[row * width + padding + i] = BigInt(i);
      });
    });
    const outputs = await this.model.run({
      batch,
      seq: width,
      inputIds,
      attentionMask,
      positionIds,
      cache: this.model.emptyCache(batch),
      logitsToKeep: 1,
    });
    this.cache = undefined;
    return prepared.map(({ request, sampler, stop }, row) => {
      const length = request.prompt.length;
      const sequence: ActiveSequence = {
        id: this.nextId++,
        promptLength: length,
        generated: [],
        cached: length,
        rows: { keys: outputs.newKeys, values: outputs.newValues, width, row, start: width - length, length },
        sampler,
        stop,
      };
      this.sequences.push(sequence);
      return this.accept(sequence, outputs.logits, row);
    });
  }

  /** The cache for the current rows with room for one more column each, re-laid out if needed. */
  private cacheForStep(): DecodeCache {
    const needed = Math.max(...this.sequences.map((s) => s.cached)) + 1;
    if (this.cache && this.cache.capacity >= needed) return this.cache;
    const { contextLength, nHead, nLayer } = this.model.config;
    const capacity = Math.min(contextLength, Math.ceil(needed / CAPACITY_CHUNK) * CAPACITY_CHUNK);
    const cache = new DecodeCache(this.sequences.length, capacity, nHead, headDim(this.model.config), nLayer);
    this.sequences.forEach((sequence, row) => cache.copyRow(row, sequence.rows));
    this.cache = cache;
    return cache;
  }

  private async decodeStep(): Promise<TokenEvent[]> {
    if (this.sequences.length === 0) return [];
    const stepped = this.sequences;
    const cache = this.cacheForStep();
    const batch = stepped.length;
    const span = cache.capacity + 1;
    const attentionMask = new BigInt64Array(batch * span);
    stepped.forEach((sequence, row) => {
      attentionMask.fill(1n, row * span, row * span + sequence.cached);
      attentionMask[row * span + cache.capacity] = 1n;
    });
    const outputs = await this.model.run({
      batch,
      seq: 1,
      inputIds: BigInt64Array.from(stepped, (s) => BigInt(s.generated[s.generated.length - 1])),
      attentionMask,
      positionIds: BigInt64Array.from(stepped, (s) => BigInt(s.cached)),
      cache: cache.tensors,
      logitsToKeep: 1,
    });
    cache.appendColumn(outputs.newKeys, outputs.newValues, stepped.map((s) => s.cached));
    stepped.forEach((sequence, row) => {
      sequence.cached++;
      sequence.rows = cache.rowSource(row, sequence.cached);
    });
    // A sequence removed while the run was in flight gets no token.
    const active = new Set(this.sequences);
    return stepped.flatMap((sequence, row) =>
      active.has(sequence) ? [this.accept(sequence, outputs.logits, row)] : [],
    );
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
      this.retire(sequence.id);
    }
    return event;
  }
}
