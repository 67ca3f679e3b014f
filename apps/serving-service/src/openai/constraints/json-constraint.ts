import { TokenConstraint } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { bytesToFinish, complete, feed, Frame, Stack } from './json-frames';
import { SchemaNode } from './json-schema-nodes';
import { MaskCompileBudget } from './mask-compile-budget';
import { TokenTrie, tokenTrie } from './token-trie';

/** Every stack still possible after the bytes so far, with the keys its transitions and its mask are cached under. */
interface State {
  stacks: readonly Stack[];
  key: string;
  maskKey: string;
}

/** A state's token mask, and for each allowed token the bytes still needed after it. */
interface MaskEntry {
  mask: Uint8Array;
  finishAfter: Int32Array;
  /** The largest finishAfter of an allowed token: with more budget than that, the mask needs no trimming. */
  maxFinish: number;
}

/** Stacks a state keeps (anyOf, optional keys and enums multiply them); more are dropped, which only narrows output. */
const MAX_ALTERNATIVES = 64;
/** Masks kept per schema and tokenizer; past it the cache starts over (bounded memory, whatever the requests). */
const MAX_CACHED_STATES = 20_000;

const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (thing: object) => {
  let id = ids.get(thing);
  if (id === undefined) ids.set(thing, (id = nextId++));
  return id;
};

/**
 * A frame's cache key. With `room` (the longest token's bytes), a string whose bound is further away than any token
 * reaches, and whose minimum is met, keys alike at every length: its mask is the same, so it is computed once.
 */
function frameKey(f: Frame, room = Infinity): string {
  switch (f.t) {
    case 'value':
      return `v${idOf(f.node)}.${f.depth}`;
    case 'object':
      return `o${idOf(f.node)}.${f.next}${f.phase}`;
    case 'anyObject':
      return `a${f.depth}${f.phase}`;
    case 'array':
      return `r${idOf(f.items)}.${f.minItems}.${f.maxItems}.${f.count}.${f.depth}${f.phase}`;
    case 'string':
      // The length matters only where a bound counts it.
      return `s${f.minLength}.${f.maxLength}.${f.length >= f.minLength && f.maxLength - f.length >= room ? '' : f.length}.${f.owed}`;
    case 'number':
      return `n${idOf(f.node)}.${f.text}`;
    case 'pattern':
      return `p${idOf(f.template)}.${f.at}`;
  }
}

const stackKey = (stack: Stack, room?: number) => stack.map((frame) => frameKey(frame, room)).join('|');

/** One schema's grammar over one tokenizer's vocabulary: token masks compiled once per state and cached. */
export class SchemaMasks {
  private readonly masks = new Map<string, MaskEntry>();
  /** States after the tokens taken from a state so far: a state seen again costs a lookup per token. */
  private readonly transitions = new Map<string, Map<number, State>>();
  private readonly trie: TokenTrie;
  private endOnlyMask?: Uint8Array;

  constructor(
    private readonly root: SchemaNode,
    private readonly tokenizer: Tokenizer,
    readonly eosTokenIds: readonly number[],
  ) {
    this.trie = tokenTrie(tokenizer);
  }

  initial(): State {
    return this.stateOf([[{ t: 'value', node: this.root, depth: 0 }]]);
  }

  private stateOf(stacks: readonly Stack[]): State {
    return { stacks, key: stacks.map((stack) => stackKey(stack)).join('#'), maskKey: stacks.map((stack) => stackKey(stack, this.trie.depth)).join('#') };
  }

  /** Bytes the shortest valid text from the start needs: the least max_tokens a request can be given. */
  get minimumBytes(): number {
    return Buffer.byteLength(this.root.witness);
  }

  /** The state's mask, compiled on first visit and charged to `budget`; undefined when that would pass the budget. */
  entry(state: State, budget?: MaskCompileBudget): MaskEntry | undefined {
    let entry = this.masks.get(state.maskKey);
    if (!entry) {
      if (budget?.exhausted) return undefined;
      if (this.masks.size >= MAX_CACHED_STATES) this.masks.clear();
      entry = budget ? budget.charge(() => this.compute(state.stacks)) : this.compute(state.stacks);
      this.masks.set(state.maskKey, entry);
    }
    return entry;
  }

  /** Only the end-of-sequence tokens: what a constraint that gave up allows. */
  get endOnly(): Uint8Array {
    if (!this.endOnlyMask) {
      this.endOnlyMask = new Uint8Array(this.tokenizer.vocabSize);
      for (const eos of this.eosTokenIds) this.endOnlyMask[eos] = 1;
    }
    return this.endOnlyMask;
  }

  /** The state after a token (an allowed one) from `state`. */
  advance(state: State, token: number): State {
    let from = this.transitions.get(state.key);
    if (!from) {
      if (this.transitions.size >= MAX_CACHED_STATES) this.transitions.clear();
      this.transitions.set(state.key, (from = new Map()));
    }
    let next = from.get(token);
    if (!next) {
      let stacks = state.stacks;
      for (const b of this.tokenizer.tokenBytes(token)) stacks = step(stacks, b);
      from.set(token, (next = this.stateOf(stacks)));
    }
    return next;
  }

  private compute(state: readonly Stack[]): MaskEntry {
    const mask = new Uint8Array(this.tokenizer.vocabSize);
    const finishAfter = new Int32Array(this.tokenizer.vocabSize);
    let maxFinish = 0;
    const walk = (node: TokenTrie, current: readonly Stack[]) => {
      if (node.tokens.length > 0) {
        const finish = Math.min(...current.map((stack) => (complete(stack) ? 0 : bytesToFinish(stack))));
        maxFinish = Math.max(maxFinish, finish);
        for (const token of node.tokens) {
          mask[token] = 1;
          finishAfter[token] = finish;
        }
      }
      for (const [b, child] of node.children) {
        const next = step(current, b);
        if (next.length > 0) walk(child, next);
      }
    };
    walk(this.trie, state);
    if (state.some(complete)) for (const eos of this.eosTokenIds) mask[eos] = 1;
    return { mask, finishAfter, maxFinish };
  }
}

function step(state: readonly Stack[], b: number): readonly Stack[] {
  const next = new Map<string, Stack>();
  for (const stack of state) {
    for (const fed of feed(stack, b)) {
      if (next.size >= MAX_ALTERNATIVES) break;
      next.set(stackKey(fed), fed);
    }
  }
  return [...next.values()];
}

/**
 * One sequence's place in its schema's grammar: the tokens it may take next, trimmed near the end of its budget to
 * those after which a valid end still fits (so output always completes, even from a random-weight model).
 */
export class JsonSchemaConstraint implements TokenConstraint {
  private state: State;
  private readonly eos: Set<number>;
  private failed?: Error;

  constructor(
    private readonly masks: SchemaMasks,
    private readonly budget?: MaskCompileBudget,
  ) {
    this.state = masks.initial();
    this.eos = new Set(masks.eosTokenIds);
  }

  allowedTokens(remainingTokens: number): Uint8Array {
    const entry = this.failed ? undefined : this.masks.entry(this.state, this.budget);
    if (!entry) {
      this.failed ??= this.budget?.error();
      return this.masks.endOnly;
    }
    // This token, then the bytes still needed (a token each at worst), then the end-of-sequence token.
    if (entry.maxFinish + 2 <= remainingTokens) return entry.mask;
    const trimmed = new Uint8Array(entry.mask.length);
    let any = false;
    for (let id = 0; id < trimmed.length; id++) {
      if (entry.mask[id] && (this.eos.has(id) || entry.finishAfter[id] + 2 <= remainingTokens)) {
        trimmed[id] = 1;
        any = true;
      }
    }
    return any ? trimmed : entry.mask;
  }

  failure(): Error | undefined {
    return this.failed;
  }

  accept(token: number): void {
    if (this.eos.has(token) || this.failed) return;
    this.state = this.masks.advance(this.state, token);
  }
}
