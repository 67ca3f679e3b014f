import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { EvalRunItem } from '../api/evals';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { ErrorMessage, Loading } from '../components/feedback';
import { formatUnixTime } from '../components/format';
import { ListView } from '../components/list-view';
import { usePolledRecord } from '../components/use-polled-record';
import { CriterionResultsTable } from './CriterionResultsTable';
import { FINISHED_RUN } from './eval-figures';
import { EvalItemDetail } from './EvalItemDetail';
import { useEvalsApi } from './use-evals-api';

/** Runs record their items 8 at a time; a poll every second and a half follows them closely enough. */
const POLL_MS = 1500;

/** A run: its status polled until it ends, cancel while it goes, its figures, and its graded items one by one. */
export function EvalRunPage() {
  const { evalId = '', runId = '' } = useParams();
  const api = useEvalsApi();
  const { record: run, error, finished, act } = usePolledRecord(() => api.run(evalId, runId), POLL_MS, (r) => FINISHED_RUN.has(r.status));
  return (
    <>
      <p>
        <Link to={`/evals/${evalId}`}>← The eval and its runs</Link>
      </p>
      <h1>Eval run {run?.name ?? ''}</h1>
      <ErrorMessage error={error} />
      {!run ? (
        <Loading what="the run" />
      ) : (
        <>
          <section className="card" aria-live="polite">
            <p>
              Model <span className="mono">{run.model}</span> · <span className={`badge ${run.status}`}>{run.status}</span>
            </p>
            <p>
              {run.result_counts.passed} passed, {run.result_counts.failed} failed, {run.result_counts.errored} errored of {run.result_counts.total} items graded
            </p>
            <p className="muted">
              {run.usage.prompt_tokens.toLocaleString('en-US')} prompt and {run.usage.completion_tokens.toLocaleString('en-US')} completion tokens · started{' '}
              {formatUnixTime(run.started_at)} · finished {formatUnixTime(run.finished_at)}
            </p>
            {run.error && <ErrorMessage error={new Error(`The run failed: ${run.error.message}`)} />}
            {!finished && (
              <button type="button" className="danger" onClick={() => act(() => api.cancelRun(evalId, runId))} disabled={run.cancel_requested}>
                {run.cancel_requested ? 'Cancelling…' : 'Cancel run'}
              </button>
            )}
            <CriterionResultsTable results={run.per_testing_criteria_results} />
          </section>
          {/* Items are listed once the run ends: while it goes, the counts above follow it. */}
          {finished && <RunItems evalId={evalId} runId={runId} />}
        </>
      )}
    </>
  );
}

function RunItems({ evalId, runId }: { evalId: string; runId: string }) {
  const api = useEvalsApi();
  const items = useCursorList((limit, after) => api.items(evalId, runId, limit, after), [api, evalId, runId]);
  const [shown, setShown] = useState<EvalRunItem | null>(null);
  const columns: Column<EvalRunItem>[] = [
    { header: 'Item', number: true, rowHeader: true, cell: (item) => item.datasource_item_id },
    { header: 'Verdict', cell: (item) => <span className={`badge ${item.status}`}>{item.status}</span> },
    { header: 'Answer', cell: (item) => item.sample?.output_text ?? '—' },
    { header: 'Criteria', cell: (item) => item.results.map((r) => `${r.testing_criteria}: ${r.error !== undefined ? 'error' : r.passed ? 'pass' : 'fail'}`).join(' · ') },
    {
      header: 'Details',
      cell: (item) => (
        <button type="button" onClick={() => setShown(item)} aria-pressed={shown?.id === item.id}>
          Show item {item.datasource_item_id}
        </button>
      ),
    },
  ];
  return (
    <>
      <section className="card" aria-labelledby="items-heading">
        <h2 id="items-heading">Items</h2>
        <ListView list={items} what="graded items" columns={columns} rowKey={(item) => item.id} empty={<p className="muted">The run graded no item.</p>} />
      </section>
      {shown && <EvalItemDetail item={shown} />}
    </>
  );
}
