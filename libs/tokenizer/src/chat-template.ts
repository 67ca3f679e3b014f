import { Environment, Interpreter, Template } from '@huggingface/jinja';
import { ChatTemplateError } from './errors';
import { IM_END, IM_START } from './special-tokens';
import { strftime } from './strftime';

/**
 * A chat turn as templates read it: role and content, and for tool calling the fields OpenAI's API and
 * transformers use (an object with more fields is passed through as it is).
 */
export interface ChatMessage {
  readonly role: string;
  readonly content?: unknown;
  readonly name?: string;
  readonly tool_calls?: readonly unknown[];
  readonly tool_call_id?: string;
}

/**
 * ChatML, as a Jinja template for tokenizer_config.json: each turn is <|im_start|>role\ncontent<|im_end|>\n, and
 * a generation prompt opens an assistant turn. Tokenizers trained here get it.
 */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '" + IM_START + "' + message['role'] + '\\n' + message['content'] + '" + IM_END + "' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '" + IM_START + "assistant\\n' }}{% endif %}";

/** Templates come from tenants' uploads: the longest published ones (tool calling) are about 20,000 characters. */
export const MAX_CHAT_TEMPLATE_CHARS = 100_000;
/** Evaluation steps and wall time one render may take; a real template renders a long chat in well under both. */
const MAX_RENDER_STEPS = 2_000_000;
const RENDER_DEADLINE_MS = 1_000;
/** The most items range() may produce. */
const MAX_RANGE_ITEMS = 10_000;

export interface RenderChatOptions {
  readonly addGenerationPrompt?: boolean;
  /** Tool (function) definitions, as OpenAI's `tools` and transformers' apply_chat_template take them. */
  readonly tools?: readonly unknown[];
  /** Special tokens the template may write: tokenizer_config.json's bos_token, eos_token, pad_token. */
  readonly specialTokens?: { readonly bosToken?: string | null; readonly eosToken?: string | null; readonly padToken?: string | null };
  /**
   * Longest rendered text accepted; 4 characters per input character plus 64 KiB by default (framing and tool
   * JSON indentation add a bounded amount per message).
   */
  readonly maxOutputChars?: number;
}

/**
 * A model's Jinja chat template, parsed once, rendered the way transformers' apply_chat_template does (the
 * @huggingface/jinja implementation transformers.js uses: trim_blocks, lstrip_blocks, tojson, raise_exception,
 * strftime_now), with the template's size, the render's steps and time, range() and the output length bounded.
 */
export class ChatTemplate {
  private readonly template: Template;

  constructor(readonly source: string) {
    if (source.length > MAX_CHAT_TEMPLATE_CHARS) throw new ChatTemplateError('template_too_long', `the chat template has ${source.length} characters; at most ${MAX_CHAT_TEMPLATE_CHARS} are accepted`);
    try {
      this.template = new Template(source);
    } catch (error) {
      throw new ChatTemplateError('template_invalid', `the chat template does not parse: ${(error as Error).message}`);
    }
  }

  render(messages: readonly ChatMessage[], options: RenderChatOptions = {}): string {
    const inputChars = JSON.stringify(messages).length + (options.tools ? JSON.stringify(options.tools).length : 0);
    const maxOutputChars = options.maxOutputChars ?? 4 * inputChars + 65_536;
    const env = new Environment();
    const tokens = options.specialTokens ?? {};
    const variables: Record<string, unknown> = {
      false: false,
      true: true,
      none: null,
      False: false,
      True: true,
      None: null,
      raise_exception: (message: unknown) => {
        throw new ChatTemplateError('template_raised', String(message));
      },
      range: boundedRange,
      strftime_now: (format: string) => strftime(new Date(), format),
      messages,
      add_generation_prompt: options.addGenerationPrompt ?? false,
      // transformers leaves tools undefined, not empty, when there are none; templates test `tools is not none`.
      ...(options.tools !== undefined ? { tools: options.tools } : {}),
      ...(tokens.bosToken != null ? { bos_token: tokens.bosToken } : {}),
      ...(tokens.eosToken != null ? { eos_token: tokens.eosToken } : {}),
      ...(tokens.padToken != null ? { pad_token: tokens.padToken } : {}),
    };
    for (const [name, value] of Object.entries(variables)) env.set(name, value);
    let text: string;
    try {
      text = (new BoundedInterpreter(env, 16 * maxOutputChars).run(this.template.parsed).value as string) ?? '';
    } catch (error) {
      if (error instanceof ChatTemplateError) throw error;
      if (error instanceof RangeError) throw new ChatTemplateError('render_limit', `the chat template ran out of room: ${error.message}`);
      throw new ChatTemplateError('render_failed', `the chat template failed on these messages: ${(error as Error).message}`);
    }
    if (text.length > maxOutputChars) throw new ChatTemplateError('render_limit', `the chat template rendered ${text.length} characters; at most ${maxOutputChars} are accepted for this input`);
    return text;
  }
}

/**
 * Counts evaluation steps against a budget and a deadline, and the characters of every string a step produces
 * against an allocation budget (nested steps count the same characters again, so this bounds memory from above).
 */
class BoundedInterpreter extends Interpreter {
  private steps = 0;
  private allocatedChars = 0;
  private readonly deadline = performance.now() + RENDER_DEADLINE_MS;

  constructor(
    env: Environment,
    private readonly maxAllocatedChars: number,
  ) {
    super(env);
  }

  override evaluate(...args: Parameters<Interpreter['evaluate']>): ReturnType<Interpreter['evaluate']> {
    // The clock is read on every step: one step can be a loop of up to MAX_RANGE_ITEMS empty iterations.
    if (++this.steps > MAX_RENDER_STEPS || performance.now() > this.deadline) {
      throw new ChatTemplateError('render_limit', `the chat template took more than ${MAX_RENDER_STEPS} steps or ${RENDER_DEADLINE_MS} ms to render`);
    }
    const value = super.evaluate(...args);
    if (typeof value.value === 'string') {
      this.allocatedChars += value.value.length;
      if (this.allocatedChars > this.maxAllocatedChars) throw new ChatTemplateError('render_limit', 'the chat template built more text than this input can need');
    }
    return value;
  }
}

/** Python's range(), refusing to build more than MAX_RANGE_ITEMS items. */
function boundedRange(start: number, stop?: number, step = 1): number[] {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new ChatTemplateError('render_failed', 'range() step must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE_ITEMS) throw new ChatTemplateError('render_limit', `range() of ${count} items; at most ${MAX_RANGE_ITEMS} are allowed`);
  return Array.from({ length: count }, (_, i) => start + i * step);
}
