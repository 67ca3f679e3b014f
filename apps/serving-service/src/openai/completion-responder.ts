import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAiError } from '../common/openai-error';
import { toOpenAiError } from '../common/openai-error.filter';
import { OpenAiFinishReason, RunListener, RunResult } from '../engine/generation-run';
import { CompletionFormat } from './completion-formats';
import { StartedGeneration } from './inference.service';
import { LogprobsCollector } from './logprobs/logprobs-collector';

type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

const usageOf = (result: RunResult, promptTokens: number): Usage => ({
  prompt_tokens: promptTokens,
  completion_tokens: result.completionTokens,
  total_tokens: promptTokens + result.completionTokens,
});

/** What a response shows beside the text: token logprobs, and the prompt ahead of it (completions' echo). */
export interface ResponseOptions {
  logprobs?: LogprobsCollector;
  echo?: boolean;
}

/**
 * Turns a run into one HTTP response: a JSON body once every choice finished, or server-sent events in OpenAI's
 * chunk format ending with `data: [DONE]` (usage in a last chunk when asked). A client that closes the connection
 * cancels the run at once.
 */
export class CompletionResponder implements RunListener {
  private readonly texts: string[] = [];
  private readonly finishes: OpenAiFinishReason[] = [];
  private started?: StartedGeneration;
  /** Stream events that came before the response head was known. */
  private readonly backlog: (() => void)[] = [];

  /** The prompt's text ahead of each choice's (completions' echo). */
  private echoed = '';
  /** Where a choice's first generated token begins in its text (completions' text_offset), once known. */
  private textStart?: number;

  constructor(
    private readonly format: CompletionFormat,
    private readonly stream: boolean,
    private readonly includeUsage: boolean,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly options: ResponseOptions = {},
  ) {}

  onToken(choice: number, token: number, logits: Float32Array): void {
    this.options.logprobs?.addGenerated(choice, token, logits);
  }

  onText(choice: number, text: string): void {
    this.texts[choice] = (this.texts[choice] ?? '') + text;
    if (this.stream) this.emit(() => this.chunks(this.format.chunkChoice(choice, text, null, this.logprobsSoFar(choice))));
  }

  onFinish(choice: number, reason: OpenAiFinishReason): void {
    this.finishes[choice] = reason;
    if (this.stream) this.emit(() => this.chunks(this.format.chunkChoice(choice, '', reason, this.logprobsSoFar(choice))));
  }

  /** The logprobs of the choice's tokens not yet sent, or null when the request did not ask for them. */
  private logprobsSoFar(choice: number): object | null {
    if (!this.options.logprobs) return null;
    const started = this.started as StartedGeneration;
    // OpenAI counts offsets from the prompt's start: generated text begins after the prompt unless it is echoed.
    this.textStart ??= this.options.echo ? 0 : started.tokenizer.decode(started.promptIds).length;
    return this.options.logprobs.take(choice, started.tokenizer, this.textStart);
  }

  /**
   * Sends the response for a started run, its end only once its usage is recorded: a client never holds a whole
   * answer whose usage a SIGKILL could still lose (a short request can finish before its reservation's first write
   * lands). Recording is one statement after the reservation's flush, a millisecond or two; a database that refuses
   * it does not hold the answer back (UsageMeter keeps the usage and retries at its next flush).
   */
  async respond(started: StartedGeneration, choices: number): Promise<void> {
    this.started = started;
    if (this.options.echo) this.echo(started, choices);
    const cancel = () => {
      if (!this.res.writableEnded) started.run?.cancel();
    };
    this.res.on('close', cancel);
    // The request stream ends once its body is read; the socket tells whether the client is still there.
    if (this.req.socket.destroyed) cancel();
    if (this.stream) this.openStream(choices);
    // max_tokens 0: no run; every choice is the prompt alone, ended by the length limit.
    if (!started.run) for (let i = 0; i < choices; i++) this.onFinish(i, 'length');
    const result = await (started.run?.done ?? started.finished);
    // A failure after the usage (a limits store that is down) still lets the answer out; it is thrown below.
    await started.finished.catch(() => undefined);
    if (!this.res.writableEnded && !this.res.destroyed) {
      if (this.stream) this.closeStream(result);
      else if (result.outcome !== 'failed') this.sendJson(this.completion(started, result, choices));
    }
    await started.finished;
    if (!this.stream && result.outcome === 'failed' && !this.res.headersSent) throw result.error ?? new Error('generation failed');
  }

  private completion(started: StartedGeneration, result: RunResult, choices: number): object {
    return {
      id: started.requestId,
      object: this.format.object,
      created: started.created,
      model: started.model,
      system_fingerprint: null,
      choices: Array.from({ length: choices }, (_, i) =>
        this.format.choice(i, this.echoed + (this.texts[i] ?? ''), this.finishes[i] ?? 'length', this.logprobsSoFar(i)),
      ),
      usage: usageOf(result, started.promptTokens),
    };
  }

  /** Echo: the prompt's text, and its tokens' logprobs, lead every choice (streamed: as each choice's first chunk). */
  private echo(started: StartedGeneration, choices: number): void {
    this.echoed = started.tokenizer.decode(started.promptIds);
    for (let i = 0; i < choices; i++) {
      if (started.promptLogprobs) this.options.logprobs?.addPrompt(i, started.promptIds, started.promptLogprobs);
      if (this.stream) this.emit(() => this.chunks(this.format.chunkChoice(i, this.echoed, null, this.logprobsSoFar(i))));
    }
  }

  private sendJson(body: object): void {
    this.res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }

  private openStream(choices: number): void {
    this.res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    this.res.flushHeaders();
    const opening = this.format.openingChoice;
    if (opening) this.chunk(Array.from({ length: choices }, (_, i) => opening(i)));
    for (const write of this.backlog.splice(0)) write();
  }

  private closeStream(result: RunResult): void {
    if (result.outcome === 'failed') {
      this.write({ error: toOpenAiError(result.error ?? new OpenAiError(500, 'generation failed', 'server_error')).body.error });
    } else if (this.includeUsage) {
      this.write({ ...this.head(), choices: [], usage: usageOf(result, this.started?.promptTokens ?? 0) });
    }
    this.res.write('data: [DONE]\n\n');
    this.res.end();
  }

  private emit(write: () => void): void {
    if (this.started && this.res.headersSent) write();
    else this.backlog.push(write);
  }

  private head() {
    const started = this.started as StartedGeneration;
    return { id: started.requestId, object: this.format.chunkObject, created: started.created, model: started.model, system_fingerprint: null };
  }

  /** Each choice object in a chunk of its own. */
  private chunks(choices: object[]): void {
    for (const choice of choices) this.chunk([choice]);
  }

  private chunk(choices: object[]): void {
    this.write({ ...this.head(), choices, ...(this.includeUsage ? { usage: null } : {}) });
  }

  private write(data: object): void {
    if (!this.res.writableEnded && !this.res.destroyed) this.res.write(`data: ${JSON.stringify(data)}\n\n`);
  }
}
