import { describe, expect, it } from '@jest/globals';
import { CriterionSummary, EvalRun, EvalRunItem } from '../api/evals';
import { compareRuns } from './run-comparison';

const summary = (name: string, passed: number, failed: number): CriterionSummary => ({
  testing_criteria: name,
  type: 'string_check',
  passed,
  failed,
  errored: 0,
  pass_rate: passed + failed ? passed / (passed + failed) : null,
  mean_score: passed + failed ? passed / (passed + failed) : null,
});
const run = (id: string, criteria: CriterionSummary[]) => ({ id, name: id, model: `model-${id}`, per_testing_criteria_results: criteria }) as EvalRun;
const item = (index: number, status: EvalRunItem['status'], output?: string) =>
  ({ id: `${index}-${status}`, datasource_item_id: index, status, sample: output === undefined ? null : { output_text: output }, results: [] }) as unknown as EvalRunItem;

describe('compareRuns', () => {
  // Item 3 is only in A (B was cancelled before it); items arrive in any order.
  const a = [item(2, 'fail', 'no'), item(0, 'pass', 'yes'), item(1, 'pass', 'yes'), item(3, 'error')];
  const b = [item(0, 'pass', 'yes'), item(1, 'fail', 'no'), item(2, 'pass', 'yes')];
  const result = compareRuns(run('a', [summary('exact', 2, 1), summary('only-a', 1, 0)]), a, run('b', [summary('exact', 2, 1)]), b);

  it('pairs the items by their dataset index, in dataset order, with a missing side named', () => {
    expect(result.items).toEqual([
      { index: 0, a: 'pass', b: 'pass', answerA: 'yes', answerB: 'yes' },
      { index: 1, a: 'pass', b: 'fail', answerA: 'yes', answerB: 'no' },
      { index: 2, a: 'fail', b: 'pass', answerA: 'no', answerB: 'yes' },
      { index: 3, a: 'error', b: 'missing', answerA: null, answerB: null },
    ]);
  });

  it('counts how the verdicts split', () => {
    expect(result.counts).toEqual({ bothPass: 1, onlyA: 1, onlyB: 1, neither: 1 });
  });

  it('pairs the criteria by name, with the change in pass rate where both runs have one', () => {
    expect(result.criteria.map((c) => [c.name, c.a?.passed ?? null, c.b?.passed ?? null, c.passRateChange])).toEqual([
      ['exact', 2, 2, 0],
      ['only-a', 1, null, null],
    ]);
  });
});
