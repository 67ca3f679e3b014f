import { describe, expect, it } from '@jest/globals';
import { createEvalSchema } from '../../../training-service/src/evals/eval.dto';
import { CriterionDraft, criterionBody, draftProblems, newDraft } from './criterion-drafts';

const draft = (changes: Partial<CriterionDraft>): CriterionDraft => ({ ...newDraft(0), ...changes });
const MODEL = '6f1c1b7e-2a4d-4c39-9a51-8f0e3c2d1b0a';
const problemsOf = (d: CriterionDraft) => Object.entries(draftProblems(d, 0)).filter(([, p]) => p);

/** The body the form sends, checked by the service's own request schema: what the form builds, the API takes. */
const accepted = (criteria: CriterionDraft[]) =>
  createEvalSchema.safeParse({ name: 'e', data_source_config: { type: 'dataset_version', dataset_version_id: MODEL }, testing_criteria: criteria.map(criterionBody) }).success;

describe('criterion drafts', () => {
  it('builds criteria of every offered type that the service accepts', () => {
    const drafts = [
      draft({ name: 'exact' }),
      draft({ name: 'bleu', type: 'text_similarity', metric: 'bleu', passThreshold: '0.4' }),
      draft({ name: 'cos', type: 'text_similarity', metric: 'cosine', passThreshold: '.9', model: MODEL }),
      draft({ name: 'mc_list', type: 'multiple_choice', choices: 'red\n green \n\nblue', answer: '1' }),
      draft({ name: 'mc_ref', type: 'multiple_choice', choices: ' {{item.choices}} ' }),
    ];
    for (const d of drafts) expect(problemsOf(d)).toEqual([]);
    expect(accepted(drafts)).toBe(true);
    expect(criterionBody(drafts[2])).toMatchObject({ evaluation_metric: 'cosine', pass_threshold: 0.9, model: MODEL });
    expect(criterionBody(drafts[1])).not.toHaveProperty('model');
    expect(criterionBody(drafts[3])).toMatchObject({ choices: ['red', 'green', 'blue'] });
    expect(criterionBody(drafts[4])).toMatchObject({ choices: '{{item.choices}}' });
  });

  it('names what to fix before sending: a missing name, a threshold outside 0–1, cosine without a model, too few choices', () => {
    expect(problemsOf(draft({ name: ' ' }))).toEqual([['0.name', 'Name the criterion']]);
    expect(problemsOf(draft({ type: 'text_similarity', passThreshold: '1.5' }))).toEqual([['0.passThreshold', 'Enter a score from 0 to 1']]);
    expect(problemsOf(draft({ type: 'text_similarity', metric: 'cosine' }))).toEqual([['0.model', 'Choose the model whose embeddings cosine compares']]);
    expect(problemsOf(draft({ type: 'multiple_choice', choices: 'only one' })).map(([field]) => field)).toEqual(['0.choices']);
  });
});
