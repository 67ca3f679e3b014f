import { TestingCriterion } from './eval.dto';
import { estimatedEvalRunTokens } from './eval-run-estimate';

describe('an eval run’s estimated tokens', () => {
  const check = { type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' } as unknown as TestingCriterion;
  const graded = { type: 'score_model', name: 'judge', model: 'm' } as unknown as TestingCriterion;
  const bleu = { type: 'text_similarity', name: 'bleu', evaluation_metric: 'bleu' } as unknown as TestingCriterion;
  const choices = (n: number | 'referenced') => ({ type: 'multiple_choice', name: 'mc', choices: n === 'referenced' ? '{{item.choices}}' : Array.from({ length: n }, (_, i) => `c${i}`) }) as unknown as TestingCriterion;

  it('counts, per item, the sample, each model-graded criterion and each choice, at the per-call bound', () => {
    // 10 items × (1 sample + 1 judge + 4 choices) × 2,048 tokens a call; string checks call no model.
    expect(estimatedEvalRunTokens(10, [check, graded, choices(4)], true, 2_048)).toBe(10 * 6 * 2_048);
    expect(estimatedEvalRunTokens(10, [check, bleu], false, 2_048)).toBe(0);
    // A referenced list of choices may hold up to the schema's 26.
    expect(estimatedEvalRunTokens(3, [choices('referenced')], false, 100)).toBe(3 * 26 * 100);
  });
});
