import { InvalidInputError } from '../../errors';
import { UnknownSequenceError } from '../errors';
import { StopCriteria } from '../sampling/stop-criteria';
import { TokenSampler } from '../sampling/token-sampler';
import { InferenceModel } from '../session/inference-model';
import { validatePrompt } from '../session/validate-prompt';
import { SequenceRequest, TokenEvent } from './generation-options';
import { EngineCache, LocalStepEngine, StepEngine } from './step-engine';

interface ActiveSequence {
  id: number;
  promptLength: number;
  generated: number[];
  /** Positions in the cache: every token so far except the last generated one, which is fed next. */
  cached: number;
  /** Its row in the cache. */
  row: number;
  sampler: TokenSampler;
  stop: StopCriteria;
}

/**
 * Cache capacity grows in chunks: every row is copied once per chunk of steps of the longest
 * sequence rather than every step, while attention reads at most a chunk of unused (masked) columns.
 * It shrinks again once two chunks are unused (the long sequences left).
 */
const CAPACITY_CHUNK = 32;
/** Rows a first cache holds; it doubles when a join needs more. */
const MIN_SLOTS = 4;

/**
 * Advances several independent sequences one token each per session run: the building block of
 * continuous batching. Sequences join (their prompts prefilled together, left-padded, then copied
 * into free cache rows) and leave at any step (the last row moves into the freed one), so joins and
 * leaves copy only the rows concerned; each sequence keeps its own length and positions, told to the
 * graph by attention_mask and explicit position_ids. Calls are serialized, so callers may overlap them.
 */
export class BatchedDecoder {
  /** Sequences by cache row; a removed one leaves a hole that the next call fills (no run is in flight then). */
  private rows: (ActiveSequence | undefined)[] = [];
  private readonly live = new Map<number, ActiveSequence>();
  private readonly engine: StepEngine;
  private readonly cache: EngineCache;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  /** On the model's session in this thread, or on a StepEngine (a ThreadedStepEngine runs the model on a worker thread). */
  constructor(model: InferenceModel | StepEngine) {
    this.engine = model instanceof InferenceModel ? new LocalStepEngine(model) : model;
    this.cache = this.engine.createCache();
  }

  get activeCount(): number {
    return this.live.size;
  }

  /** Prefills the prompts in one run and returns each sequence's first token (time to first token). */
  addSequences(requests: SequenceRequest[]): Promise<TokenEvent[]> {
    return this.serialized(() => this.prefill(requests));
  }

  /** Advances every active sequence by one token; finished sequences leave the batch. */
  step(): Promise<TokenEvent[]> {
    return this.serialized(() => this.decodeStep());
  }

  /** Drops a sequence (a cancelled request), even mid-step; its cache row is reused from the next call on. */
  removeSequence(sequenceId: number): void {
    if (!this.live.has(sequenceId)) throw new UnknownSequenceError(sequenceId);
    this.retire(sequenceId);
  }

  /** Frees the cache once the calls made so far are done; the decoder is not used again. */
  close(): void {
    void this.queue.then(() => this.cache.release());
  }

  private retire(sequenceId: number): void {
    const sequence = this.live.get(sequenceId) as ActiveSequence;
    this.live.delete(sequenceId);
    this.rows[sequence.row] = undefined;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Fills the holes left by retired sequences with the last rows, so rows 0..n-1 are the live ones. */
  private compact(): void {
    for (let row = 0; row < this.rows.length; row++) {
      if (this.rows[row]) continue;
      while (this.rows.length > row + 1 && !this.rows[this.rows.length - 1]) this.rows.pop();
      const moved = this.rows.pop();
      if (!moved) break;
      this.cache.moveRow(moved.row, row, moved.cached);
      moved.row = row;
      this.rows[row] = moved;
    }
  }

  /**
   * Makes the cache hold at least `rows` rows with room for `columns` positions per row: the current one while it
   * fits and is not two chunks too wide, else a new one with every live row copied in.
   */
  private fitCache(rows: number, columns: number): void {
    const { slots, capacity } = this.cache;
    const fits = capacity > 0 && slots >= rows && capacity >= columns;
    if (fits && capacity - columns < 2 * CAPACITY_CHUNK) return;
    const newCapacity = Math.min(this.engine.config.contextLength, Math.ceil(columns / CAPACITY_CHUNK) * CAPACITY_CHUNK);
    const newSlots = capacity === 0 ? Math.max(rows, MIN_SLOTS) : Math.max(rows, slots < rows ? 2 * slots : slots);
    const live = (this.rows as ActiveSequence[]).map((s) => ({ row: s.row, length: s.cached }));
    this.cache.relayout(newSlots, newCapacity, live);
  }

  private async prefill(requests: SequenceRequest[]): Promise<TokenEvent[]> {
    if (requests.length === 0) return [];
    const prepared = requests.map((request) => {
      validatePrompt(this.engine.config, request.prompt);
      if (request.prompt.length === 0) throw new InvalidInputError('a prompt needs at least one token');
      return { request, sampler: new TokenSampler(request), stop: new StopCriteria(request) };
    });
    this.compact();
    const width = Math.max(...requests.map((r) => r.prompt.length));
    const batch = requests.length;
    const inputIds = new BigInt64Array(batch * width).fill(BigInt(this.engine.tokens.eosTokenId));
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
    const longest = Math.max(width, ...this.rows.map((s) => (s as ActiveSequence).cached));
    this.fitCache(this.rows.length + batch, longest + 1);
    const firstRow = this.rows.length;
    const placements = requests.map(({ prompt }, index) => ({ index, row: firstRow + index, start: width - prompt.length, length: prompt.length }));
    const logits = await this.cache.prefill({ batch, seq: width, inputIds, attentionMask, positionIds }, placements);
    return prepared.map(({ request, sampler, stop }, index) => {
      const length = request.prompt.length;
      const sequence: ActiveSequence = { id: this.nextId++, promptLength: length, generated: [], cached: length, row: firstRow + index, sampler, stop };
      this.rows[sequence.row] = sequence;
      this.live.set(sequence.id, sequence);
      return this.accept(sequence, logits, index);
    });
  }

  private async decodeStep(): Promise<TokenEvent[]> {
    this.compact();
    // A copy: a sequence removed while the run is in flight leaves a hole in this.rows, not here.
    const stepped = [...this.rows] as ActiveSequence[];
    if (stepped.length === 0) return [];
    const batch = stepped.length;
    this.fitCache(batch, Math.max(...stepped.map((s) => s.cached)) + 1);
    const span = this.cache.capacity + 1;
    const attentionMask = new BigInt64Array(batch * span);
    stepped.forEach((sequence, row) => {
      attentionMask.fill(1n, row * span, row * span + sequence.cached);
      attentionMask[row * span + span - 1] = 1n;
    });
    const logits = await this.cache.step({
      batch,
      inputIds: BigInt64Array.from(stepped, (s) => BigInt(s.generated[s.generated.length - 1])),
      attentionMask,
      positionIds: BigInt64Array.from(stepped, (s) => BigInt(s.cached)),
      columns: stepped.map((s) => s.cached),
    });
    for (const sequence of stepped) sequence.cached++;
    // A sequence removed while the run was in flight gets no token.
    return stepped.flatMap((sequence, row) => (this.live.get(sequence.id) === sequence ? [this.accept(sequence, logits, row)] : []));
  }

  /** Samples a sequence's next token from its logits row, records it, and retires a finished sequence. */
  private accept(sequence: ActiveSequence, logits: Float32Array, row: number): TokenEvent {
    const vocab = this.engine.config.vocabSize;
    const rowLogits = logits.subarray(row * vocab, (row + 1) * vocab);
    const token = sequence.sampler.sample(rowLogits);
    sequence.generated.push(token);
    const event: TokenEvent = { sequenceId: sequence.id, token, logits: rowLogits };
    const decision = sequence.stop.check(sequence.generated);
    // A sequence holds at most contextLength tokens, prompt included (Hugging Face's max_length).
    const contextFull = sequence.promptLength + sequence.generated.length >= this.engine.config.contextLength;
    const finishReason = decision?.finishReason ?? (contextFull ? 'length' : undefined);
    if (finishReason) {
      event.finishReason = finishReason;
      if (decision?.text !== undefined) event.text = decision.text;
      this.retire(sequence.id);
    }
    return event;
  }
}
