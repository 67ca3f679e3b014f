import * as ort from 'onnxruntime-node';
import { InvalidInputError } from '../../errors';
import { UnknownSequenceError } from '../errors';
import { StopCriteria } from '../sampling/stop-criteria';
import { maskLogits, TokenConstraint } from '../sampling/token-constraint';
import { TokenSampler } from '../sampling/token-sampler';
import { InferenceModel, StepInputs, StepOutputs } from '../session/inference-model';
import { KvCache } from '../session/kv-cache';
import { ResidentAdapter } from '../session/resident-adapter';
import { CacheJournal } from './cache-replica';
import { CacheRows, DecodeCache } from './decode-cache';
import { SequenceRequest, TokenEvent } from './generation-options';
import { PrefixCache, PrefixMatch } from './prefix-cache';
import { AheadSteps, RunAheadPlan } from './run-ahead';

interface ActiveSequence {
  id: number;
  prompt: readonly number[];
  promptLength: number;
  generated: number[];
  /** Positions in the cache: every token so far except the last generated one, which is fed next. */
  cached: number;
  /** Its row in the cache. */
  row: number;
  sampler: TokenSampler;
  stop: StopCriteria;
  adapter?: ResidentAdapter;
  constraint?: TokenConstraint;
  /** Tokens it may generate in all. */
  maxNewTokens: number;
}

/**
 * Cache capacity grows in chunks: every row is copied once per chunk of steps of the longest
 * sequence rather than every step, while attention reads at most a chunk of unused (masked) columns.
 * It shrinks again once two chunks are unused (the long sequences left).
 */
const CAPACITY_CHUNK = 32;
/** Rows a first cache holds; it doubles when a join needs more. */
const MIN_SLOTS = 4;
const NO_PREFIX: PrefixMatch = { blocks: [], tokens: 0 };

/**
 * A sequence taken out of the batch to free its cache positions (preemption). It resumes through addSequences,
 * which recomputes its cache from its tokens (vLLM's recompute mode) and goes on with its own sampler, stop
 * criteria and constraint, so it continues exactly as if it had never left.
 */
export interface PreemptedSequence {
  /** Its prompt and what it generated: the positions its resumption recomputes (less what the prefix cache holds). */
  readonly tokens: readonly number[];
  readonly preempted: ActiveSequence;
}

/** What a prefill run computes one row of: a new request's prompt, or a preempted sequence's tokens so far. */
interface PrefillItem {
  tokens: readonly number[];
  adapter?: ResidentAdapter;
  /** The sequence to continue, for a resumed one. */
  resumed?: ActiveSequence;
  request?: SequenceRequest;
}

export interface BatchedDecoderOptions {
  /**
   * Keys and values of prompt prefixes seen before, for this decoder's model (shared by every decoder of it):
   * a joining sequence computes only what follows its cached prefix, and a finished one leaves its whole blocks.
   */
  prefixCache?: PrefixCache;
}

/**
 * Advances several independent sequences one token each per session run: the building block of
 * continuous batching. Sequences join (their prompts prefilled together, left-padded, then copied
 * into free cache rows) and leave at any step (the last row moves into the freed one), so joins and
 * leaves copy only the rows concerned; each sequence keeps its own length and positions, told to the
 * graph by attention_mask and explicit position_ids. Sequences of different LoRA adapters (and of none) share
 * runs: each row carries its own adapter. Calls are serialized, so callers may overlap them.
 */
export class BatchedDecoder {
  /** Sequences by cache row; a removed one leaves a hole that the next call fills (no run is in flight then). */
  private rows: (ActiveSequence | undefined)[] = [];
  private readonly live = new Map<number, ActiveSequence>();
  private cache?: DecodeCache;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** Calls queued or running. */
  private outstanding = 0;
  /** Scratch row for masked logits, reused: the sampler is done with it before the next sequence's draw. */
  private masked?: Float32Array;
  /** For a model on a worker thread: every change to the cache, replayed on the replica there. */
  private readonly journal?: CacheJournal;
  /** Steps the model's thread is running ahead for a lone sequence (RunAheadPlan), not all handed out yet. */
  private ahead?: { steps: AheadSteps<StepOutputs>; sequence: ActiveSequence };
  /**
   * Prompts prefilled whose blocks the prefix cache does not hold yet: stored once the next run is on its way (or
   * before the next prefill looks), not before the prompts' first tokens go out. Copying a 32-token prompt's two
   * blocks into memory the cache had never used took ~0.23 ms of a one-stream TTFT of ~6 ms on the 2-core machines.
   */
  private unstoredPrompts: { tokens: readonly number[]; sequence: ActiveSequence; length: number }[] = [];
  /**
   * A model on a worker thread: the last decode step's new keys and values, not yet in this thread's cache (the
   * replica there has them). Written once the next run is on its way, or before rows are read, moved or reused (a
   * prefill may put a new sequence in a row the step wrote, whose sequence left since): with 16 rows, the ~0.14 ms
   * the copy took here lay between two runs of the model's thread (and the replica's, ~0.17 ms).
   */
  private unappended?: { cache: DecodeCache; keys: Float32Array[]; values: Float32Array[]; columns: number[] };

  constructor(
    private readonly model: InferenceModel,
    private readonly options: BatchedDecoderOptions = {},
  ) {
    this.journal = model.newCacheJournal();
  }

  /** Frees what the decoder holds on the model's thread once the calls made so far are done; it is not used again. */
  close(): void {
    const journal = this.journal;
    if (journal) void this.queue.then(() => this.model.releaseCacheJournal(journal));
  }

  get activeCount(): number {
    return this.live.size;
  }

  /**
   * Whether a live sequence has steps run ahead that step() has not handed out yet: until they are, the batch must
   * not change (no joins, no preemptions).
   */
  get runningAhead(): boolean {
    return this.ahead !== undefined && this.live.get(this.ahead.sequence.id) === this.ahead.sequence;
  }

  /**
   * Prefills the prompts (and recomputes the caches of preempted sequences) in one run and returns each one's next
   * token, in order: a new sequence's first token (time to first token), a resumed one's next. A resumed sequence
   * gets a new id.
   */
  addSequences(requests: (SequenceRequest | PreemptedSequence)[]): Promise<TokenEvent[]> {
    return this.serialized(() => this.prefill(requests));
  }

  /**
   * Takes a sequence out of the batch between steps to free its cache positions, leaving its whole blocks in the
   * prefix cache (its resumption then recomputes only what was evicted meanwhile).
   */
  preemptSequence(sequenceId: number): PreemptedSequence {
    const sequence = this.live.get(sequenceId);
    if (!sequence) throw new UnknownSequenceError(sequenceId);
    this.appendColumns();
    const tokens = [...sequence.prompt, ...sequence.generated];
    this.options.prefixCache?.insert(tokens, (this.cache as DecodeCache).rowSource(sequence.row, sequence.cached), sequence.adapter);
    this.retire(sequenceId);
    return { tokens, preempted: sequence };
  }

  /**
   * Advances every active sequence by one token; finished sequences leave the batch. `aheadSteps` (more than 1): no
   * sequence will join before that many steps, so a lone sequence's steps may run ahead on the model's thread
   * (RunAheadPlan); the calls after this one hand them out, one a call.
   */
  step(aheadSteps = 1): Promise<TokenEvent[]> {
    return this.serialized(() => (this.runningAhead ? this.nextAhead() : this.decodeStep(aheadSteps)));
  }

  /** Drops a sequence (a cancelled request), even mid-step; its cache row is reused from the next call on. */
  removeSequence(sequenceId: number): void {
    if (!this.live.has(sequenceId)) throw new UnknownSequenceError(sequenceId);
    if (this.ahead?.sequence.id === sequenceId) this.ahead.steps.halt();
    this.retire(sequenceId);
  }

  /** Asks a run ahead to end after the step in hand, so a waiting sequence can join sooner. */
  haltRunAhead(): void {
    this.ahead?.steps.halt();
  }

  private retire(sequenceId: number): void {
    const sequence = this.live.get(sequenceId) as ActiveSequence;
    this.live.delete(sequenceId);
    this.rows[sequence.row] = undefined;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      try {
        return await work();
      } finally {
        this.outstanding--;
      }
    };
    // An idle decoder starts the call now rather than a microtask later: a caller that asks for the next step just
    // before handing out the last one's tokens (BatchScheduler) then has the run computing on the model's thread
    // while it does, not after.
    const result = this.outstanding++ === 0 ? run() : this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The sequences in the rows, less the holes sequences removed since the last compaction left. */
  private liveRows(): ActiveSequence[] {
    return this.rows.filter((sequence): sequence is ActiveSequence => sequence !== undefined);
  }

  /** Fills the holes left by retired sequences with the last rows, so rows 0..n-1 are the live ones. */
  private compact(): void {
    for (let row = 0; row < this.rows.length; row++) {
      if (this.rows[row]) continue;
      while (this.rows.length > row + 1 && !this.rows[this.rows.length - 1]) this.rows.pop();
      const moved = this.rows.pop();
      if (!moved) break;
      this.appendColumns();
      const cache = this.cache as DecodeCache;
      cache.copyRow(row, cache.rowSource(moved.row, moved.cached));
      this.journal?.record({ op: 'move', from: moved.row, to: row, length: moved.cached });
      moved.row = row;
      this.rows[row] = moved;
    }
  }

  /**
   * A cache with at least `rows` rows and room for `columns` positions per row, keeping the current one
   * while it fits and is not two chunks too wide; a new one gets every live row copied in.
   */
  private cacheFor(rows: number, columns: number): DecodeCache {
    const current = this.cache;
    const fits = current && current.slots >= rows && current.capacity >= columns;
    if (current && fits && current.capacity - columns < 2 * CAPACITY_CHUNK) return current;
    const { contextLength, nKvHead, headDim, nLayer } = this.model.shape;
    this.appendColumns();
    const capacity = Math.min(contextLength, Math.ceil(columns / CAPACITY_CHUNK) * CAPACITY_CHUNK);
    const slots = current ? Math.max(rows, current.slots < rows ? 2 * current.slots : current.slots) : Math.max(rows, MIN_SLOTS);
    const cache = new DecodeCache(slots, capacity, nKvHead, headDim, nLayer);
    const live = this.liveRows().map((s) => ({ row: s.row, length: s.cached }));
    for (const { row, length } of live) cache.copyRow(row, (current as DecodeCache).rowSource(row, length));
    this.journal?.record({ op: 'relayout', slots, capacity, rows: live });
    this.cache = cache;
    return cache;
  }

  private prefillItem(entry: SequenceRequest | PreemptedSequence): PrefillItem {
    if ('preempted' in entry) {
      const resumed = entry.preempted;
      return { tokens: entry.tokens, adapter: resumed.adapter, resumed };
    }
    this.model.validatePrompt(entry.prompt);
    if (entry.prompt.length === 0) throw new InvalidInputError('a prompt needs at least one token');
    return { tokens: entry.prompt, adapter: entry.adapter, request: entry };
  }

  private async prefill(entries: (SequenceRequest | PreemptedSequence)[]): Promise<TokenEvent[]> {
    if (entries.length === 0) return [];
    if (this.runningAhead) throw new Error('a sequence joined while the steps run ahead for another were not all handed out');
    // Awaited only when there is one: an idle decoder's run is posted before the call returns.
    if (this.ahead) await this.dropAhead();
    const requests = entries.map((entry) => this.prefillItem(entry));
    this.appendColumns();
    this.compact();
    this.storePrompts();
    const prefixCache = this.options.prefixCache;
    const matches = requests.map((r) => prefixCache?.lookup(r.tokens, r.adapter) ?? NO_PREFIX);
    // Each row's cached prefix sits in columns 0.. of a past of `past` columns (the rest masked); the tokens after
    // it are the new input, left-padded to `width` and positioned after the prefix.
    const past = Math.max(...matches.map((m) => m.tokens));
    const width = Math.max(...requests.map((r, row) => r.tokens.length - matches[row].tokens));
    const batch = requests.length;
    const span = past + width;
    const inputIds = new BigInt64Array(batch * width).fill(BigInt(this.model.tokens.eosTokenId));
    const attentionMask = new BigInt64Array(batch * span);
    // Padding positions stay 0, a valid index: their outputs are never attended to.
    const positionIds = new BigInt64Array(batch * width);
    requests.forEach(({ tokens: prompt }, row) => {
      const cached = matches[row].tokens;
      const padding = width - (prompt.length - cached);
      attentionMask.fill(1n, row * span, row * span + cached);
      for (let i = cached; i < prompt.length; i++) {
        const column = padding + i - cached;
        inputIds[row * width + column] = BigInt(prompt[i]);
        attentionMask[row * span + past + column] = 1n;
        positionIds[row * width + column] = BigInt(i);
      }
    });
    const prefixRows = past > 0 ? this.prefixRows(matches, past) : undefined;
    const outputs = await this.model.run({
      batch,
      seq: width,
      inputIds,
      attentionMask,
      positionIds,
      cache: prefixRows ? this.pastCache(prefixRows, batch) : this.model.emptyCache(batch),
      logitsToKeep: 1,
      adapters: requests.map((r) => r.adapter),
      replica: this.journal && { journal: this.journal, cacheIsReplica: false },
    });
    // Whole prompts, cached prefixes included, go into the rows (after a hole a sequence removed meanwhile left).
    const longest = Math.max(...requests.map((r) => r.tokens.length), ...this.liveRows().map((s) => s.cached));
    const cache = this.cacheFor(this.rows.length + batch, longest + 1);
    return requests.map(({ tokens, resumed, request }, index) => {
      const length = tokens.length;
      const row = this.rows.length;
      const sequence: ActiveSequence = resumed
        ? Object.assign(resumed, { id: this.nextId++, cached: length, row })
        : this.newSequence(request as SequenceRequest, row);
      const cached = matches[index].tokens;
      if (prefixRows && cached > 0) {
        cache.copyRow(row, { ...prefixRows, row: index, length: cached });
        this.journal?.record({ op: 'copyPast', row, index, length: cached });
      }
      const computed = length - cached;
      cache.copyRow(row, { keys: outputs.newKeys, values: outputs.newValues, width, row: index, start: width - computed, length: computed }, cached);
      this.journal?.record({ op: 'copyOutput', row, index, width, start: width - computed, length: computed, at: cached });
      if (prefixCache) this.unstoredPrompts.push({ tokens, sequence, length });
      this.rows.push(sequence);
      this.live.set(sequence.id, sequence);
      return this.accept(sequence, outputs.logits, index);
    });
  }

  private newSequence(request: SequenceRequest, row: number): ActiveSequence {
    return {
      id: this.nextId++,
      prompt: request.prompt,
      promptLength: request.prompt.length,
      generated: [],
      cached: request.prompt.length,
      row,
      sampler: new TokenSampler(request),
      stop: new StopCriteria(request),
      adapter: request.adapter,
      constraint: request.constraint,
      maxNewTokens: request.maxNewTokens,
    };
  }

  private async decodeStep(aheadSteps: number): Promise<TokenEvent[]> {
    if (this.ahead) await this.dropAhead();
    this.compact();
    // A copy: a sequence removed while the run is in flight leaves a hole in this.rows, not here.
    const stepped = [...this.rows] as ActiveSequence[];
    if (stepped.length === 0) return [];
    const batch = stepped.length;
    const plan = this.aheadPlan(stepped, aheadSteps);
    // A run ahead's columns are all there before it starts: the model's thread cannot grow the cache.
    const cache = this.cacheFor(batch, Math.max(...stepped.map((s) => s.cached)) + (plan?.steps ?? 1));
    const span = cache.capacity + 1;
    const attentionMask = new BigInt64Array(batch * span);
    stepped.forEach((sequence, row) => {
      attentionMask.fill(1n, row * span, row * span + sequence.cached);
      attentionMask[row * span + cache.capacity] = 1n;
    });
    const columns = stepped.map((s) => s.cached);
    const inputs: StepInputs = {
      batch,
      seq: 1,
      inputIds: BigInt64Array.from(stepped, (s) => BigInt(s.generated[s.generated.length - 1])),
      attentionMask,
      positionIds: BigInt64Array.from(stepped, (s) => BigInt(s.cached)),
      cache: cache.tensors(batch),
      logitsToKeep: 1,
      adapters: stepped.map((s) => s.adapter),
      replica: this.journal && { journal: this.journal, cacheIsReplica: true, appendAt: plan ? undefined : columns },
    };
    if (plan) {
      this.ahead = { steps: this.model.runAhead(inputs, plan), sequence: stepped[0] };
      this.appendColumns();
      this.storePrompts();
      return this.nextAhead();
    }
    const running = this.model.run(inputs);
    this.appendColumns();
    this.storePrompts();
    const outputs = await running;
    if (this.journal) this.unappended = { cache, keys: outputs.newKeys, values: outputs.newValues, columns };
    else cache.appendColumn(outputs.newKeys, outputs.newValues, columns);
    for (const sequence of stepped) sequence.cached++;
    // A sequence removed while the run was in flight gets no token.
    return stepped.flatMap((sequence, row) => (this.live.get(sequence.id) === sequence ? [this.accept(sequence, outputs.logits, row)] : []));
  }

  /**
   * A run ahead for a lone, unconstrained sequence on a model on a worker thread, of at most `aheadSteps` steps and
   * no more than the sequence may still generate; undefined when it would not save a hand-off.
   */
  private aheadPlan(stepped: readonly ActiveSequence[], aheadSteps: number): RunAheadPlan | undefined {
    const [sequence] = stepped;
    if (stepped.length !== 1 || sequence.constraint || !this.journal || !this.model.runsAhead) return undefined;
    const left = Math.min(sequence.maxNewTokens, this.model.shape.contextLength - sequence.promptLength) - sequence.generated.length;
    const steps = Math.min(aheadSteps, left);
    if (steps < 2) return undefined;
    return { steps, sampling: sequence.sampler.state(), eosTokenIds: sequence.stop.eosTokenIds, column: sequence.cached };
  }

  /**
   * Hands out the next step run ahead: its keys and values go into the cache, and the sequence draws its token with
   * its own sampler and stop criteria, as after any step (the model's thread drew the same one, or this fails).
   */
  private async nextAhead(): Promise<TokenEvent[]> {
    const ahead = this.ahead as NonNullable<BatchedDecoder['ahead']>;
    const { outputs, token, last } = await ahead.steps.next();
    if (last) this.ahead = undefined;
    const sequence = ahead.sequence;
    // Removed (cancelled, or ended by a stop sequence) since: its row is no one's.
    if (this.live.get(sequence.id) !== sequence) return [];
    (this.cache as DecodeCache).appendColumn(outputs.newKeys, outputs.newValues, [sequence.cached]);
    // The model's thread wrote every step's column into its replica itself but the last one's.
    if (last) this.journal?.record({ op: 'append', columns: [sequence.cached] });
    sequence.cached++;
    const event = this.accept(sequence, outputs.logits, 0);
    if (event.token !== token) throw new Error(`the model's thread drew token ${token} where the decoder drew ${event.token}`);
    // Ended here by what only this thread checks (a stop sequence): the model's thread need not go on.
    if (event.finishReason && !last) ahead.steps.halt();
    return [event];
  }

  /** Writes the last decode step's new keys and values into this thread's cache, if they are not yet there. */
  private appendColumns(): void {
    const unappended = this.unappended;
    this.unappended = undefined;
    unappended?.cache.appendColumn(unappended.keys, unappended.values, unappended.columns);
  }

  /**
   * Stores the blocks of the prompts prefilled since the last call, from their rows in the cache (wherever compaction
   * moved them). A sequence that left meanwhile stored its blocks as it ended, or was cancelled.
   */
  private storePrompts(): void {
    const cache = this.cache as DecodeCache;
    for (const { tokens, sequence, length } of this.unstoredPrompts.splice(0)) {
      if (this.live.get(sequence.id) === sequence) this.options.prefixCache?.insert(tokens, cache.rowSource(sequence.row, length), sequence.adapter);
    }
  }

  /** Takes in what a run ahead still sends for a sequence that has left: nothing else may run before it ends. */
  private async dropAhead(): Promise<void> {
    while (this.ahead) await this.nextAhead();
  }

  /** Per layer [batch, heads, past, headDim] buffers holding each row's cached prefix from column 0. */
  private prefixRows(matches: readonly PrefixMatch[], past: number): Omit<CacheRows, 'row' | 'length'> {
    const { nLayer, nKvHead, headDim } = this.model.shape;
    const size = matches.length * nKvHead * past * headDim;
    const rows = {
      keys: Array.from({ length: nLayer }, () => new Float32Array(size)),
      values: Array.from({ length: nLayer }, () => new Float32Array(size)),
      width: past,
      start: 0,
    };
    matches.forEach((match, row) => this.options.prefixCache?.copyInto(match, rows, row));
    return rows;
  }

  private pastCache(rows: Omit<CacheRows, 'row' | 'length'>, batch: number): KvCache {
    const { nKvHead, headDim } = this.model.shape;
    const dims = [batch, nKvHead, rows.width, headDim];
    const tensor = (data: Float32Array) => new ort.Tensor('float32', data, dims);
    return { keys: rows.keys.map(tensor), values: rows.values.map(tensor) };
  }

  /** The row the sampler draws from: the logits, or a masked copy of them for a constrained sequence. */
  private constrained(sequence: ActiveSequence, rowLogits: Float32Array): Float32Array {
    const remaining = Math.min(sequence.maxNewTokens, this.model.shape.contextLength - sequence.promptLength) - sequence.generated.length;
    const allowed = sequence.constraint?.allowedTokens(remaining);
    if (!allowed) return rowLogits;
    this.masked = this.masked?.length === rowLogits.length ? this.masked : new Float32Array(rowLogits.length);
    return maskLogits(rowLogits, allowed, this.masked);
  }

  /** Samples a sequence's next token from its logits row, records it, and retires a finished sequence. */
  private accept(sequence: ActiveSequence, logits: Float32Array, row: number): TokenEvent {
    const vocab = this.model.shape.vocabSize;
    const rowLogits = logits.subarray(row * vocab, (row + 1) * vocab);
    const token = sequence.sampler.sample(this.constrained(sequence, rowLogits));
    sequence.constraint?.accept(token);
    sequence.generated.push(token);
    const event: TokenEvent = { sequenceId: sequence.id, token, logits: rowLogits };
    const decision = sequence.stop.check(sequence.generated);
    // A sequence holds at most contextLength tokens, prompt included (Hugging Face's max_length).
    const contextFull = sequence.promptLength + sequence.generated.length >= this.model.shape.contextLength;
    const finishReason = decision?.finishReason ?? (contextFull ? 'length' : undefined);
    if (finishReason) {
      event.finishReason = finishReason;
      if (decision?.text !== undefined) event.text = decision.text;
      // A chat's next turn starts with this one's prompt and reply: leave their blocks for it.
      this.appendColumns();
      const cache = this.cache as DecodeCache;
      this.options.prefixCache?.insert([...sequence.prompt, ...sequence.generated], cache.rowSource(sequence.row, sequence.cached), sequence.adapter);
      this.retire(sequence.id);
    }
    return event;
  }
}
