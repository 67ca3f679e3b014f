import { Link } from 'react-router';
import { RegisteredModel } from '../api/training';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { EmptyState } from '../components/feedback';
import { formatBytes, formatDateTime, shortId } from '../components/format';
import { ListView } from '../components/list-view';
import { ImportModelForm } from './ImportModelForm';
import { ModelAliasesSection } from './ModelAliasesSection';
import { useTrainingApi } from './use-training-api';

/** Bases and trained models in the page's order, each followed by the adapters on it that the page holds. */
function adaptersUnderTheirBase(models: RegisteredModel[]): { model: RegisteredModel; onBase: boolean }[] {
  const ids = new Set(models.map((m) => m.id));
  const placed = (m: RegisteredModel) => m.kind === 'adapter' && m.baseModelId !== null && ids.has(m.baseModelId);
  return models
    .filter((m) => !placed(m))
    .flatMap((m) => [{ model: m, onBase: false }, ...models.filter((a) => placed(a) && a.baseModelId === m.id).map((a) => ({ model: a, onBase: true }))]);
}

function origin(m: RegisteredModel) {
  if (m.importedFrom) return <>imported from <span className="mono">{m.importedFrom.name}</span></>;
  return <Link to={`/training/jobs/${m.jobId}`}>job {shortId(m.jobId)}</Link>;
}

const COLUMNS: Column<{ model: RegisteredModel; onBase: boolean }>[] = [
  { header: 'Model', cellClassName: 'mono', cell: ({ model: m, onBase }) => (onBase ? `↳ ${m.name}` : m.name) },
  { header: 'Kind', cell: ({ model: m }) => m.kind },
  { header: 'Architecture', cell: ({ model: m }) => m.architecture },
  { header: 'Visible to', cell: ({ model: m }) => (m.visibility === 'platform' ? 'every tenant' : 'you') },
  { header: 'From', cell: ({ model: m }) => origin(m) },
  { header: 'Validation loss', number: true, cell: ({ model: m }) => (typeof m.metrics?.valLoss === 'number' ? m.metrics.valLoss.toFixed(4) : '—') },
  { header: 'Files', number: true, cell: ({ model: m }) => (m.files ? `${m.files.length} (${formatBytes(m.files.reduce((s, f) => s + f.bytes, 0))})` : '—') },
  { header: 'Registered', cell: ({ model: m }) => formatDateTime(m.createdAt) },
  { header: 'Try it', cell: ({ model: m }) => <Link to={`/playground?model=${encodeURIComponent(m.name)}`}>Chat with {m.name}</Link> },
];

export function ModelsPage() {
  const api = useTrainingApi();
  const models = useCursorList((limit, after) => api.models(limit, after), [api]);
  return (
    <>
      <h1>Models</h1>
      <ImportModelForm onImported={models.resource.reload} />
      <section className="card" aria-labelledby="models-heading">
        <h2 id="models-heading">Your registered models</h2>
        <ListView
          list={{ ...models, rows: models.rows && adaptersUnderTheirBase(models.rows) }}
          what="models"
          columns={COLUMNS}
          rowKey={({ model }) => model.id}
          empty={
            <EmptyState title="No models yet">
              A pre-training or fine-tuning job that succeeds registers its model here, and so does an import. <Link to="/training">Start a training job</Link>.
            </EmptyState>
          }
        />
      </section>
      <ModelAliasesSection />
    </>
  );
}
