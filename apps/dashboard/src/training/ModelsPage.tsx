import { Link } from 'react-router';
import { RegisteredModel } from '../api/training';
import { useCursorList } from '../components/cursor-list';
import { EmptyState, Loaded } from '../components/feedback';
import { formatBytes, formatDateTime, shortId } from '../components/format';
import { ImportModelForm } from './ImportModelForm';
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

export function ModelsPage() {
  const api = useTrainingApi();
  const { resource, pager } = useCursorList((limit, after) => api.models(limit, after), [api]);
  return (
    <>
      <h1>Models</h1>
      <ImportModelForm onImported={resource.reload} />
      <section className="card" aria-labelledby="models-heading">
        <h2 id="models-heading">Your registered models</h2>
        <Loaded resource={resource} what="models">
          {(page) =>
            page.data.length === 0 ? (
              <EmptyState title="No models yet">
                A pre-training or fine-tuning job that succeeds registers its model here, and so does an import. <Link to="/training">Start a training job</Link>.
              </EmptyState>
            ) : (
              <>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Model</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Architecture</th>
                      <th scope="col">Visible to</th>
                      <th scope="col">From</th>
                      <th scope="col" className="number">
                        Validation loss
                      </th>
                      <th scope="col" className="number">
                        Files
                      </th>
                      <th scope="col">Registered</th>
                      <th scope="col">Try it</th>
                    </tr>
                  </thead>
                  <tbody>
                    {adaptersUnderTheirBase(page.data).map(({ model: m, onBase }) => (
                      <tr key={m.id}>
                        <td className="mono">{onBase ? `↳ ${m.name}` : m.name}</td>
                        <td>{m.kind}</td>
                        <td>{m.architecture}</td>
                        <td>{m.visibility === 'platform' ? 'every tenant' : 'you'}</td>
                        <td>{origin(m)}</td>
                        <td className="number">{typeof m.metrics?.valLoss === 'number' ? m.metrics.valLoss.toFixed(4) : '—'}</td>
                        <td className="number">{m.files ? `${m.files.length} (${formatBytes(m.files.reduce((s, f) => s + f.bytes, 0))})` : '—'}</td>
                        <td>{formatDateTime(m.createdAt)}</td>
                        <td>
                          <Link to={`/playground?model=${encodeURIComponent(m.name)}`}>Chat with {m.name}</Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {pager}
              </>
            )
          }
        </Loaded>
      </section>
    </>
  );
}
