import { TestingCriterion } from './eval.dto';

/** The most choices a multiple_choice criterion scores per item (its schema's bound; a referenced list is held to it too). */
const MOST_CHOICES = 26;

/**
 * The most tokens a run can meter, held on a prepaid tenant's live balance before it starts: per item, one call to
 * sample the model's answer (when a criterion reads it), one per criterion naming a model (a grader, embeddings), one per choice of a
 * multiple_choice criterion, each call at most `maxTokensPerCall` tokens (EVAL_MAX_TOKENS_PER_ITEM). An upper bound:
 * what the run used reaches the balance when billing meters it, and the hold ends when the run does.
 */
export function estimatedEvalRunTokens(items: number, criteria: readonly TestingCriterion[], samples: boolean, maxTokensPerCall: number): number {
  let calls = samples ? 1 : 0;
  for (const criterion of criteria) {
    if (criterion.type === 'multiple_choice') calls += Array.isArray(criterion.choices) ? criterion.choices.length : MOST_CHOICES;
    else if ('model' in criterion && criterion.model) calls += 1;
  }
  return items * calls * maxTokensPerCall;
}
