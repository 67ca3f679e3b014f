import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { EvalRun, TestingCriterion } from '../api/evals';
import { useCursorList } from '../components/cursor-list';
import { Column, DataTable } from '../components/data-table';
import { EmptyState, Loaded } from '../components/feedback';
import { formatUnixTime, shortId } from '../components/format';
import { ListView } from '../components/list-view';
import { useResource } from '../components/use-resource';
import { percent } from './eval-figures';
import { StartEvalRunForm } from './StartEvalRunForm';
import { useEvalsApi } from './use-evals-api';

/** What a criterion checks, in a few words. */
function criterionSummary(c: TestingCriterion): string {
  switch (c.type) {
    case 'string_check':
      return `${c.input} ${c.operation} ${c.reference}`;
    case 'text_similarity':
      return `${c.evaluation_metric} of ${c.input} against ${c.reference} ≥ ${c.pass_threshold}`;
    case 'label_model':
      return `labelled by a model as one of ${c.labels.join(', ')}; passes on ${c.passing_labels.join(', ')}`;
    case 'score_model':
      return `scored by a model in [${c.range.join(', ')}]${c.pass_threshold === undefined ? '' : `; passes at ${c.pass_threshold}`}`;
    case 'multiple_choice':
      return `the most likely of the choices (log-likelihood${c.normalize === 'none' ? '' : `, normalised by ${c.normalize}`}) must be ${c.answer}`;
  }
}

const CRITERION_COLUMNS: Column<TestingCriterion>[] = [
  { header: 'Criterion', rowHeader: true, cell: (c) => c.name },
  { header: 'Type', cell: (c) => c.type },
  { header: 'Passes when', cell: criterionSummary },
];

/** An eval: its criteria, a form to run it, and its runs, two of which can be compared side by side. */
export function EvalPage() {
  const { evalId = '' } = useParams();
  const api = useEvalsApi();
  const evaluation = useResource(() => api.eval(evalId), [api, evalId]);
  return (
    <>
      <p>
        <Link to="/evals">← All evals</Link>
      </p>
      <Loaded resource={evaluation} what="the eval">
        {(e) => (
          <>
            <h1>{e.name}</h1>
            <section className="card" aria-labelledby="criteria-heading">
              <h2 id="criteria-heading">Testing criteria</h2>
              <DataTable columns={CRITERION_COLUMNS} rows={e.testing_criteria} rowKey={(c) => c.name} />
              <p className="muted">
                Items from <Link to={`/datasets/${e.data_source_config.dataset_version_id}`}>dataset version {shortId(e.data_source_config.dataset_version_id)}</Link>.
              </p>
            </section>
            <StartEvalRunForm evaluation={e} />
            <EvalRuns evalId={e.id} />
          </>
        )}
      </Loaded>
    </>
  );
}

function EvalRuns({ evalId }: { evalId: string }) {
  const api = useEvalsApi();
  const runs = useCursorList((limit, after) => api.runs(evalId, limit, after), [api, evalId]);
  const [picked, setPicked] = useState<string[]>([]);
  // A third pick replaces the older of the two.
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const columns: Column<EvalRun>[] = [
    {
      header: 'Compare',
      cell: (run) => <input type="checkbox" aria-label={`Compare ${run.name}`} checked={picked.includes(run.id)} onChange={() => toggle(run.id)} />,
    },
    { header: 'Run', rowHeader: true, cell: (run) => <Link to={`/evals/${evalId}/runs/${run.id}`}>{run.name}</Link> },
    { header: 'Model', cellClassName: 'mono', cell: (run) => run.model },
    { header: 'Status', cell: (run) => <span className={`badge ${run.status}`}>{run.status}</span> },
    { header: 'Passed', number: true, cell: (run) => `${run.result_counts.passed} of ${run.result_counts.total}` },
    {
      header: 'Pass rate per criterion',
      cell: (run) => run.per_testing_criteria_results.map((c) => `${c.testing_criteria} ${percent(c.pass_rate)}`).join(' · '),
    },
    { header: 'Created', cell: (run) => formatUnixTime(run.created_at) },
  ];
  return (
    <section className="card" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <ListView
        list={runs}
        what="eval runs"
        columns={columns}
        rowKey={(run) => run.id}
        caption="Tick two runs (two models, or two checkpoints) to compare them item by item."
        empty={<EmptyState title="No runs yet">Run the eval above against one of your models.</EmptyState>}
      />
      {picked.length === 2 ? (
        <p>
          <Link to={`/evals/${evalId}/compare?runs=${picked.join(',')}`}>Compare the two runs side by side</Link>
        </p>
      ) : null}
    </section>
  );
}
