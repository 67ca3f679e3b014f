import { CriterionSummary, EvalRun, EvalRunItem } from '../api/evals';

export type Verdict = EvalRunItem['status'] | 'missing';
/** One dataset item as two runs graded it (missing: the run has no such item, e.g. it was cancelled before). */
export type ItemPair = { index: number; a: Verdict; b: Verdict; answerA: string | null; answerB: string | null };
export type CriterionPair = { name: string; a: CriterionSummary | null; b: CriterionSummary | null; passRateChange: number | null };
export type VerdictCounts = { bothPass: number; onlyA: number; onlyB: number; neither: number };

const answer = (item: EvalRunItem | undefined) => item?.sample?.output_text ?? null;

/** Two runs of one eval, item by item (dataset order) and criterion by criterion, with how their verdicts split. */
export function compareRuns(runA: EvalRun, itemsA: EvalRunItem[], runB: EvalRun, itemsB: EvalRunItem[]) {
  const byIndexA = new Map(itemsA.map((item) => [item.datasource_item_id, item]));
  const byIndexB = new Map(itemsB.map((item) => [item.datasource_item_id, item]));
  const indexes = [...new Set([...byIndexA.keys(), ...byIndexB.keys()])].sort((x, y) => x - y);
  const items: ItemPair[] = indexes.map((index) => {
    const [a, b] = [byIndexA.get(index), byIndexB.get(index)];
    return { index, a: a?.status ?? 'missing', b: b?.status ?? 'missing', answerA: answer(a), answerB: answer(b) };
  });
  const counts: VerdictCounts = { bothPass: 0, onlyA: 0, onlyB: 0, neither: 0 };
  for (const { a, b } of items) {
    if (a === 'pass' && b === 'pass') counts.bothPass++;
    else if (a === 'pass') counts.onlyA++;
    else if (b === 'pass') counts.onlyB++;
    else counts.neither++;
  }
  const names = [...new Set([...runA.per_testing_criteria_results, ...runB.per_testing_criteria_results].map((c) => c.testing_criteria))];
  const criteria: CriterionPair[] = names.map((name) => {
    const a = runA.per_testing_criteria_results.find((c) => c.testing_criteria === name) ?? null;
    const b = runB.per_testing_criteria_results.find((c) => c.testing_criteria === name) ?? null;
    const passRateChange = typeof a?.pass_rate === 'number' && typeof b?.pass_rate === 'number' ? b.pass_rate - a.pass_rate : null;
    return { name, a, b, passRateChange };
  });
  return { items, counts, criteria };
}
