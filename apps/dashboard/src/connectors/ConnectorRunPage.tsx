import { Fragment } from 'react';
import { Link, useParams } from 'react-router';
import { ConnectorRun } from '../api/connectors';
import { BarList, sortedEntries } from '../components/bar-list';
import { ErrorMessage, Loading } from '../components/feedback';
import { formatBytes, formatDateTime, shortId } from '../components/format';
import { usePolledRecord } from '../components/use-polled-record';
import { connectorSource, FINISHED_CONNECTOR_RUN } from './connector-run-figures';
import { useConnectorsApi } from './use-connectors-api';

/** A crawl records its progress every half second; the page follows at about that pace. */
const POLL_MS = 1000;

/** A connector run: a crawl's progress polled until it ends (with cancel), what was skipped and why, its corpus. */
export function ConnectorRunPage() {
  const { runId = '' } = useParams();
  const api = useConnectorsApi();
  const { record: run, error, finished, act } = usePolledRecord(() => api.run(runId), POLL_MS, (r) => FINISHED_CONNECTOR_RUN.has(r.status));
  return (
    <>
      <p>
        <Link to="/connectors">← Connectors</Link>
      </p>
      <h1>Connector run {shortId(runId)}</h1>
      <ErrorMessage error={error} />
      {!run ? <Loading what="the run" /> : <RunSummary run={run} finished={finished} onCancel={() => act(() => api.cancel(runId))} />}
    </>
  );
}

function RunSummary({ run, finished, onCancel }: { run: ConnectorRun; finished: boolean; onCancel: () => void }) {
  const crawl = run.kind === 'crawl';
  const maxPages = 'limits' in run.settings ? run.settings.limits.maxPages : null;
  const p = run.progress;
  const facts: [string, string][] = [
    ['Kind', crawl ? 'web crawl' : `${run.kind} import`],
    ['Source', connectorSource(run)],
    ['Started', formatDateTime(run.createdAt)],
    ['Finished', formatDateTime(run.finishedAt)],
    ...(crawl && p.stoppedBy ? [['Stopped by', p.stoppedBy] as [string, string]] : []),
  ];
  return (
    <>
      <section className="card" aria-live="polite">
        <p>
          <span className={`badge ${run.status}`}>{run.status}</span> · {run.documents.toLocaleString('en-US')} documents
        </p>
        {crawl && (
          <>
            <label htmlFor="crawl-progress">Pages fetched</label>
            <progress id="crawl-progress" max={maxPages ?? 1} value={p.pagesFetched ?? 0} />
            <p className="muted">
              {(p.pagesFetched ?? 0).toLocaleString('en-US')} pages{maxPages ? ` of at most ${maxPages.toLocaleString('en-US')}` : ''} · {formatBytes(p.bytesFetched ?? 0)} fetched
              {!finished && ` · ${(p.queued ?? 0).toLocaleString('en-US')} links waiting`}
            </p>
          </>
        )}
        <dl className="details">
          {facts.map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
        {run.error && <ErrorMessage error={new Error(`The run failed: ${run.error}`)} />}
        {run.corpusId && (
          <p>
            Corpus <span className="mono">{shortId(run.corpusId)}</span> is ready: <Link to="/corpora">clean it on the Corpora page</Link>
          </p>
        )}
        {crawl && !finished && (
          <button type="button" className="danger" onClick={onCancel}>
            Cancel crawl
          </button>
        )}
      </section>
      <section className="card">
        <BarList title="Items skipped, by reason" rows={sortedEntries(run.skipped as Record<string, number>)} emptyText="Nothing was skipped." />
      </section>
    </>
  );
}
