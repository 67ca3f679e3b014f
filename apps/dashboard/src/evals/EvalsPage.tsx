import { Link } from 'react-router';
import { Eval } from '../api/evals';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { EmptyState } from '../components/feedback';
import { formatUnixTime, shortId } from '../components/format';
import { ListView } from '../components/list-view';
import { CreateEvalForm } from './CreateEvalForm';
import { useEvalsApi } from './use-evals-api';

const COLUMNS: Column<Eval>[] = [
  { header: 'Eval', rowHeader: true, cell: (e) => <Link to={`/evals/${e.id}`}>{e.name}</Link> },
  {
    header: 'Items from',
    cell: (e) => (
      <Link to={`/datasets/${e.data_source_config.dataset_version_id}`} className="mono">
        version {shortId(e.data_source_config.dataset_version_id)}
      </Link>
    ),
  },
  { header: 'Criteria', cell: (e) => e.testing_criteria.map((c) => `${c.name} (${c.type})`).join(', ') },
  { header: 'Created', cell: (e) => formatUnixTime(e.created_at) },
];

/** The tenant's evals, newest first; each opens onto its runs. */
export function EvalsPage() {
  const api = useEvalsApi();
  const evals = useCursorList((limit, after) => api.evals(limit, after), [api]);
  return (
    <>
      <h1>Evals</h1>
      <CreateEvalForm />
      <section className="card" aria-labelledby="evals-heading">
        <h2 id="evals-heading">Your evals</h2>
        <ListView
          list={evals}
          what="evals"
          columns={COLUMNS}
          rowKey={(e) => e.id}
          empty={
            <EmptyState title="No evals yet">
              Create one above (or with <span className="mono">POST /v1/evals</span>) over a dataset version of JSONL items; its runs against your models show here.
            </EmptyState>
          }
        />
      </section>
    </>
  );
}
