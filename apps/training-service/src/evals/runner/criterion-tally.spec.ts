import { CriterionResult, CriterionTally, itemVerdict } from './criterion-tally';

const result = (name: string, passed: boolean, score: number | null, error?: string): CriterionResult => ({
  testing_criteria: name,
  type: 'text_similarity',
  passed,
  score,
  ...(error ? { error } : {}),
});

describe('CriterionTally', () => {
  it('counts items and per-criterion verdicts, leaving errored results out of pass rates and mean scores', () => {
    const tally = new CriterionTally([
      { name: 'a', type: 'text_similarity' },
      { name: 'b', type: 'text_similarity' },
    ]);
    const items = [
      [result('a', true, 0.9), result('b', true, 0.8)],
      [result('a', false, 0.1), result('b', true, 0.6)],
      [result('a', true, 0.5), result('b', false, null, 'no {{item.x}}')],
    ];
    for (const results of items) tally.add({ results, ...itemVerdict(results, null) });
    tally.add({ results: [], ...itemVerdict([], 'the item is 99999 bytes') });
    expect(tally.resultCounts()).toEqual({ total: 4, passed: 1, failed: 1, errored: 2 });
    const [a, b] = tally.summaries();
    expect(a).toMatchObject({ passed: 2, failed: 1, errored: 0, pass_rate: 2 / 3 });
    expect(a.mean_score).toBeCloseTo(0.5, 12);
    expect(b).toMatchObject({ passed: 2, failed: 0, errored: 1, pass_rate: 1 });
    expect(b.mean_score).toBeCloseTo(0.7, 12);
  });

  it('reports no pass rate or mean for a criterion nothing was graded on', () => {
    expect(new CriterionTally([{ name: 'a', type: 'string_check' }]).summaries()[0]).toMatchObject({ pass_rate: null, mean_score: null });
  });
});
