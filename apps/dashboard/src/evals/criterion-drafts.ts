import type { TestingCriterion } from '../api/evals';
import type { Problems } from '../components/form-state';

/** The criteria the create form offers: the graders that need no prompt of their own. */
export type DraftType = 'string_check' | 'text_similarity' | 'multiple_choice';
export const DRAFT_TYPES: { value: DraftType; label: string }[] = [
  { value: 'string_check', label: 'String check' },
  { value: 'text_similarity', label: 'Text similarity' },
  { value: 'multiple_choice', label: 'Multiple choice (log-likelihood)' },
];
export const STRING_OPERATIONS = ['eq', 'ne', 'like', 'ilike'] as const;
export const SIMILARITY_METRICS = ['bleu', 'rouge_l', 'fuzzy_match', 'cosine'] as const;

/** One criterion as the form holds it: every field as typed, whatever the type shows. */
export interface CriterionDraft {
  type: DraftType;
  name: string;
  input: string;
  reference: string;
  operation: (typeof STRING_OPERATIONS)[number];
  metric: (typeof SIMILARITY_METRICS)[number];
  passThreshold: string;
  /** The model whose embeddings cosine compares. */
  model: string;
  context: string;
  /** One choice template a line, or a single {{item.<field>}} naming a list. */
  choices: string;
  answer: string;
}

export const newDraft = (index: number): CriterionDraft => ({
  type: 'string_check',
  name: `criterion_${index + 1}`,
  input: '{{sample.output_text}}',
  reference: '{{item.expected}}',
  operation: 'eq',
  metric: 'bleu',
  passThreshold: '0.5',
  model: '',
  context: '{{item.question}}',
  choices: '{{item.choices}}',
  answer: '{{item.answer}}',
});

const isFraction = (text: string) => /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(text.trim());

/** The draft's problems the form can see before sending, keyed `<index>.<field>` as the fields ask for them. */
export function draftProblems(draft: CriterionDraft, index: number): Problems {
  const at = (field: string) => `${index}.${field}`;
  const problems: Problems = { [at('name')]: draft.name.trim() ? undefined : 'Name the criterion' };
  if (draft.type === 'multiple_choice') {
    problems[at('context')] = draft.context.trim() ? undefined : 'Enter the context the choices continue';
    problems[at('choices')] = choiceList(draft.choices) ? undefined : 'Enter at least two choices, one a line, or one {{item.<field>}} naming a list';
    problems[at('answer')] = draft.answer.trim() ? undefined : 'Enter the right choice or its index';
    return problems;
  }
  problems[at('input')] = draft.input.trim() ? undefined : 'Enter the text to grade';
  problems[at('reference')] = draft.reference.trim() ? undefined : 'Enter the reference to compare with';
  if (draft.type === 'text_similarity') {
    problems[at('passThreshold')] = isFraction(draft.passThreshold) ? undefined : 'Enter a score from 0 to 1';
    if (draft.metric === 'cosine') problems[at('model')] = draft.model ? undefined : 'Choose the model whose embeddings cosine compares';
  }
  return problems;
}

/** The choices as the API takes them: a list of templates, or one reference to a list; undefined when too few. */
function choiceList(text: string): string | string[] | undefined {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  if (lines.length === 1 && /^\{\{[^{}]+\}\}$/.test(lines[0])) return lines[0];
  return lines.length >= 2 ? lines : undefined;
}

/** The criterion the API takes for a draft without problems. */
export function criterionBody(draft: CriterionDraft): TestingCriterion {
  const name = draft.name.trim();
  switch (draft.type) {
    case 'string_check':
      return { type: 'string_check', name, input: draft.input, reference: draft.reference, operation: draft.operation };
    case 'text_similarity':
      return {
        type: 'text_similarity',
        name,
        input: draft.input,
        reference: draft.reference,
        evaluation_metric: draft.metric,
        pass_threshold: Number(draft.passThreshold),
        ...(draft.metric === 'cosine' ? { model: draft.model } : {}),
      };
    case 'multiple_choice':
      return { type: 'multiple_choice', name, context: draft.context, choices: choiceList(draft.choices) ?? [], answer: draft.answer, target_delimiter: ' ', normalize: 'none' };
  }
}
