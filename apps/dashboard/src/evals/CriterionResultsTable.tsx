import { CriterionSummary } from '../api/evals';
import { Column, DataTable } from '../components/data-table';
import { percent, score } from './eval-figures';

const COLUMNS: Column<CriterionSummary>[] = [
  { header: 'Criterion', rowHeader: true, cell: (c) => c.testing_criteria },
  { header: 'Type', cell: (c) => c.type },
  { header: 'Passed', number: true, cell: (c) => c.passed },
  { header: 'Failed', number: true, cell: (c) => c.failed },
  { header: 'Errored', number: true, cell: (c) => c.errored },
  { header: 'Pass rate', number: true, cell: (c) => percent(c.pass_rate) },
  { header: 'Mean score', number: true, cell: (c) => score(c.mean_score) },
];

/** A run's pass rate and mean score per criterion. */
export function CriterionResultsTable({ results }: { results: CriterionSummary[] }) {
  return <DataTable columns={COLUMNS} rows={results} rowKey={(c) => c.testing_criteria} caption="Per criterion" />;
}
