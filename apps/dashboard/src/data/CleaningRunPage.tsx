import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CleaningRun } from '../api/data';
import { ErrorMessage, Loading } from '../components/feedback';
import { formatBytes, formatDateTime, shortId } from '../components/format';
import { usePolling } from '../components/use-resource';
import { useDataApi } from './use-data-api';

const FINISHED = new Set(['succeeded', 'failed']);

/** A run's progress, polled until it finishes, then its dataset version. */
export function CleaningRunPage() {
  const { runId = '' } = useParams();
  const api = useDataApi();
  const [run, setRun] = useState<CleaningRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePolling(
    async () => {
      try {
        setRun(await api.cleaningRun(runId));
        setError(null);
      } catch (caught) {
        setError(caught);
      }
    },
    1500,
    !run || !FINISHED.has(run.status),
  );
  return (
    <>
      <p>
        <Link to="/corpora">← Corpora and cleaning</Link>
      </p>
      <h1>Cleaning run {shortId(runId)}</h1>
      <ErrorMessage error={error} />
      {!run ? (
        <Loading what="the run" />
      ) : (
        <section className="card" aria-live="polite">
          <p>
            Dataset <strong>{run.datasetName}</strong> · status <span className={`badge ${run.status}`}>{run.status}</span>
          </p>
          <label htmlFor="run-progress">Source bytes read</label>
          <progress id="run-progress" max={1} value={run.progress.fraction} aria-valuetext={`${Math.round(run.progress.fraction * 100)}%`} />
          <p className="muted">
            {Math.round(run.progress.fraction * 100)}% · {formatBytes(run.progress.bytesProcessed)} of {formatBytes(run.progress.totalBytes)} ·{' '}
            {run.progress.documentsProcessed.toLocaleString('en-US')} documents · started {formatDateTime(run.startedAt)}
          </p>
          {run.status === 'failed' && <ErrorMessage error={new Error(`The run failed: ${run.error ?? 'no reason recorded'}`)} />}
          {run.datasetVersionId && (
            <p>
              <Link to={`/datasets/${run.datasetVersionId}`}>Open the report of the new dataset version</Link>
            </p>
          )}
        </section>
      )}
    </>
  );
}
