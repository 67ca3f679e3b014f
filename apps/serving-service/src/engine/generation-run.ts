import { FinishReason, ResidentAdapter, TokenConstraint, TokenEvent } from '@llmchain/model-runtime';
import { BatchScheduler, GenerationHandle } from './batch-scheduler';
import { CompletionText, TokenTextStream } from './completion-text';
import { TenantShare } from './tenant-fair-queue';

/** OpenAI's finish reasons: an end-of-sequence token and a stop sequence are both 'stop'. */
export type OpenAiFinishReason = 'stop' | 'length';

export interface RunSpec {
  prompt: number[];
  maxNewTokens: number;
  /** How many independent choices (OpenAI's n). */
  choices: number;
  temperature: number;
  topP: number;
  seed?: number;
  stops: string[];
  eosTokenIds: number[];
  decode: (ids: number[]) => string;
  /** A fresh incremental decoder for one choice's text. */
  textStream: () => TokenTextStream;
  /** The LoRA adapter the sequences run with on the model's shared batch; the base alone when absent. */
  adapter?: ResidentAdapter;
  /** A fresh token constraint for one choice (structured outputs); none when absent. */
  constraint?: () => TokenConstraint;
  /** The calling tenant's plan terms: its place in the batch's fair queue. */
  share: TenantShare;
}

/** What a run tells its endpoint as it goes. */
export interface RunListener {
  /** Each generated token and the logits it was drawn from, before its text. */
  onToken?(choice: number, token: number, logits: Float32Array): void;
  onText(choice: number, text: string): void;
  onFinish(choice: number, reason: OpenAiFinishReason): void;
}

export type RunOutcome = 'completed' | 'cancelled' | 'failed';

export interface RunResult {
  outcome: RunOutcome;
  error?: Error;
  /** Prompt tokens, counted once the prompt was prefilled (0 if it never was). */
  promptTokens: number;
  completionTokens: number;
  /** Milliseconds from start to the first token, if one came. */
  timeToFirstTokenMs?: number;
  /** Milliseconds the first choice waited in the queue before joining the batch, if it joined. */
  queuedMs?: number;
}

const toOpenAi = (reason: FinishReason): OpenAiFinishReason => (reason === 'length' ? 'length' : 'stop');

/**
 * One request's sequences in a model's batch: their texts, their end, and what they consumed. `done` settles
 * exactly once, whether the sequences finished, the client went away (cancel) or the engine failed.
 */
export class GenerationRun {
  readonly done: Promise<RunResult>;
  private settle!: (result: RunResult) => void;
  private readonly handles: GenerationHandle[] = [];
  private readonly constraints: (TokenConstraint | undefined)[] = [];
  private readonly open = new Set<number>();
  private prefilled = false;
  private completionTokens = 0;
  private readonly started = performance.now();
  private firstTokenAt?: number;
  private queuedMs?: number;
  private readonly lastTokenAt: number[] = [];
  private settled = false;

  constructor(
    private readonly spec: RunSpec,
    private readonly listener: RunListener,
    /** Each generated token: the gap since the choice's previous one, and the run's completion tokens so far. */
    private readonly onGenerated: (gapMs: number | undefined, completionTokens: number) => void = () => undefined,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  /** Queues every choice; throws QueueFullError (nothing queued) when the scheduler is full. */
  start(scheduler: Pick<BatchScheduler, 'submit'>): void {
    try {
      for (let choice = 0; choice < this.spec.choices; choice++) {
        const text = new CompletionText(this.spec.textStream(), this.spec.stops);
        this.open.add(choice);
        const handle = scheduler.submit(
          {
            prompt: this.spec.prompt,
            maxNewTokens: this.spec.maxNewTokens,
            temperature: this.spec.temperature,
            topP: this.spec.topP,
            seed: this.spec.seed === undefined ? undefined : this.spec.seed + choice,
            eosTokenIds: this.spec.eosTokenIds,
            stopSequences: this.spec.stops.length > 0 ? this.spec.stops : undefined,
            decode: this.spec.stops.length > 0 ? this.spec.decode : undefined,
            adapter: this.spec.adapter,
            constraint: (this.constraints[choice] = this.spec.constraint?.()),
          },
          {
            onAdmitted: (queuedMs) => (this.queuedMs ??= queuedMs),
            onToken: (event) => this.onToken(choice, text, event),
            onError: (error) => this.finish('failed', error),
          },
          this.spec.share,
        );
        this.handles.push(handle);
      }
    } catch (error) {
      for (const handle of this.handles) handle.cancel();
      this.settled = true;
      throw error;
    }
  }

  /** The client went away: every choice leaves the batch now. */
  cancel(): void {
    this.finish('cancelled');
  }

  private onToken(choice: number, text: CompletionText, event: TokenEvent): void {
    if (this.settled) return;
    const now = performance.now();
    this.prefilled = true;
    this.firstTokenAt ??= now;
    const gapMs = this.lastTokenAt[choice] === undefined ? undefined : now - this.lastTokenAt[choice];
    this.lastTokenAt[choice] = now;
    this.completionTokens++;
    this.onGenerated(gapMs, this.completionTokens);
    this.listener.onToken?.(choice, event.token, event.logits);
    const delta = event.finishReason ? text.finish(event.token, event.text) : text.push(event.token);
    if (delta) this.listener.onText(choice, delta);
    if (event.finishReason) {
      // A constraint that gave up ended its choice early: the request fails, saying why.
      const failure = this.constraints[choice]?.failure?.();
      if (failure) return this.finish('failed', failure);
      this.listener.onFinish(choice, toOpenAi(event.finishReason));
      this.open.delete(choice);
      if (this.open.size === 0) this.finish('completed');
    }
  }

  private finish(outcome: RunOutcome, error?: Error): void {
    if (this.settled) return;
    this.settled = true;
    for (const handle of this.handles) handle.cancel();
    this.settle({
      outcome,
      error,
      promptTokens: this.prefilled ? this.spec.prompt.length : 0,
      completionTokens: this.completionTokens,
      timeToFirstTokenMs: this.firstTokenAt === undefined ? undefined : this.firstTokenAt - this.started,
      queuedMs: this.queuedMs,
    });
  }
}
