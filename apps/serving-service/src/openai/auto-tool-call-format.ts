import { OpenAiFinishReason } from '../engine/generation-run';
import { CompletionFormat } from './completion-formats';
import { contentSafeLength, parseFreeTextToolCalls } from './free-text-tool-calls';
import { toolCallChoice, toolCallChunks } from './tools';

/**
 * Chat's response shape under `tool_choice: "auto"`: the model writes freely; a reply that is a tool call in its
 * chat template's format becomes `tool_calls` with finish reason `tool_calls`, anything else stays content.
 * Streamed, content goes out as it comes except what might still turn out to be a call, held until the choice ends.
 */
export function autoToolCallFormat(chat: CompletionFormat, toolNames: ReadonlySet<string>, parallel: boolean): CompletionFormat {
  const texts: string[] = [];
  const emitted: number[] = [];
  return {
    ...chat,
    chunkChoice(index, text, finishReason, logprobs) {
      const whole = (texts[index] = (texts[index] ?? '') + text);
      const sent = emitted[index] ?? 0;
      if (!finishReason) {
        const safe = Math.max(sent, contentSafeLength(whole, sent));
        emitted[index] = safe;
        return safe > sent ? chat.chunkChoice(index, whole.slice(sent, safe), null, logprobs) : [];
      }
      const parsed = parseFreeTextToolCalls(whole, toolNames, parallel);
      if (!parsed) {
        const rest = whole.slice(sent);
        return [...(rest ? chat.chunkChoice(index, rest, null, logprobs) : []), ...chat.chunkChoice(index, '', finishReason, null)];
      }
      // Content before the calls that was held back (a tail that looked like the start of a <tool_call>).
      const heldContent = (parsed.content ?? '').slice(sent);
      return [...(heldContent ? chat.chunkChoice(index, heldContent, null, null) : []), ...toolCallChunks(index, parsed.calls, logprobs)];
    },
    choice(index, text, finishReason: OpenAiFinishReason, logprobs) {
      const parsed = parseFreeTextToolCalls(text, toolNames, parallel);
      if (!parsed) return chat.choice(index, text, finishReason, logprobs);
      return toolCallChoice(index, parsed.content, parsed.calls, logprobs);
    },
  };
}
