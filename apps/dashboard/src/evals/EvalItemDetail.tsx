import { EvalRunItem } from '../api/evals';
import { Column, DataTable } from '../components/data-table';
import { score } from './eval-figures';

type Result = EvalRunItem['results'][number];

const COLUMNS: Column<Result>[] = [
  { header: 'Criterion', rowHeader: true, cell: (r) => r.testing_criteria },
  { header: 'Verdict', cell: (r) => (r.error !== undefined ? `error: ${r.error}` : r.passed ? 'pass' : 'fail') },
  { header: 'Score', number: true, cell: (r) => score(r.score) },
  { header: 'What decided it', cell: (r) => (r.detail ? <pre className="json" tabIndex={0}>{JSON.stringify(r.detail, null, 2)}</pre> : '—') },
];

/** One graded item: the record, the model's answer, and each criterion's verdict with what decided it. */
export function EvalItemDetail({ item }: { item: EvalRunItem }) {
  return (
    <section className="card" aria-labelledby="item-heading">
      <h2 id="item-heading">Item {item.datasource_item_id}</h2>
      <h3>The item</h3>
      <pre className="json" tabIndex={0}>{JSON.stringify(item.datasource_item, null, 2)}</pre>
      <h3>The model’s answer</h3>
      {typeof item.sample?.output_text === 'string' ? <pre className="json" tabIndex={0}>{item.sample.output_text}</pre> : <p className="muted">No answer: no criterion read one.</p>}
      {item.error && <p className="field-error">The item could not be graded: {item.error}</p>}
      <DataTable columns={COLUMNS} rows={item.results} rowKey={(r) => r.testing_criteria} caption="Verdicts" />
    </section>
  );
}
