import { LabelSchema, Span } from './annotation.dto';

export type ApprovedAnnotation = { label: string | null; spans: Span[]; submittedAt: Date };
export type TrainingRecord = { prompt: string; completion: string } | { messages: { role: string; content: string }[] };

/**
 * The answer a fine-tuned model should give for one document: the class, the labelled spans (with their text), or
 * both as JSON. Several approved annotations of one document resolve to the majority class (earliest on a tie), and
 * that annotation's spans.
 */
export function consensusCompletion(text: string, approved: ApprovedAnnotation[], schema: LabelSchema): string {
  const sorted = [...approved].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  const votes = new Map<string, number>();
  for (const a of sorted) if (a.label !== null) votes.set(a.label, (votes.get(a.label) ?? 0) + 1);
  let majority: string | null = null;
  for (const [label, count] of votes) if (majority === null || count > (votes.get(majority) ?? 0)) majority = label;
  const chosen = sorted.find((a) => a.label === majority) ?? sorted[0];
  const spans = chosen.spans.map((s) => ({ text: text.slice(s.start, s.end), label: s.label }));
  if (schema.spanLabels.length === 0) return majority ?? '';
  if (schema.classes.length === 0) return JSON.stringify(spans);
  return JSON.stringify({ label: majority, spans });
}

export function trainingRecord(format: 'prompt-completion' | 'chat', instruction: string, text: string, completion: string): TrainingRecord {
  if (format === 'prompt-completion') return { prompt: `${instruction}\n\n${text}\n\n`, completion };
  return {
    messages: [
      { role: 'system', content: instruction },
      { role: 'user', content: text },
      { role: 'assistant', content: completion },
    ],
  };
}
