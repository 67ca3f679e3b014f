import { Link } from 'react-router';
import { useCursorList } from '../components/cursor-list';
import { EmptyState, Loaded } from '../components/feedback';
import { formatBytes, formatDateTime, shortId } from '../components/format';
import { useTrainingApi } from './use-training-api';

export function ModelsPage() {
  const api = useTrainingApi();
  const { resource, pager } = useCursorList((limit, after) => api.models(limit, after), [api]);
  return (
    <>
      <h1>Models</h1>
      <section className="card" aria-labelledby="models-heading">
        <h2 id="models-heading">Your registered models</h2>
        <Loaded resource={resource} what="models">
          {(page) =>
            page.data.length === 0 ? (
              <EmptyState title="No models yet">
                A pre-training or fine-tuning job that succeeds registers its model here. <Link to="/training">Start a training job</Link>.
              </EmptyState>
            ) : (
              <>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Model</th>
                      <th scope="col">From job</th>
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
                    {page.data.map((m) => (
                      <tr key={m.id}>
                        <td className="mono">{m.name}</td>
                        <td>
                          <Link to={`/training/jobs/${m.jobId}`}>job {shortId(m.jobId)}</Link>
                        </td>
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
