import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Checkpoint, JobEvent, TrainingJob } from '../api/training';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback';
import { formatDateTime, shortId } from '../components/format';
import { LineChart } from '../components/line-chart';
import { usePaged } from '../components/pagination';
import { usePolling } from '../components/use-resource';
import { useTrainingApi } from './use-training-api';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** The job, its events (the loss curve comes from its progress events) and checkpoints, polled while it runs. */
export function JobDetailPage() {
  const { jobId = '' } = useParams();
  const api = useTrainingApi();
  const [job, setJob] = useState<TrainingJob | null>(null);
  const [events, setEvents] = useState<JobEvent[]>([]);
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>([]);
  const [error, setError] = useState<unknown>(null);
  const lastEventId = useRef<string | undefined>(undefined);
  const finished = job !== null && FINISHED.has(job.status);

  const poll = async () => {
    try {
      const next = await api.job(jobId);
      // Read every new event, page by page, so a long run's whole curve arrives.
      for (let more = true; more; ) {
        const page = await api.events(jobId, lastEventId.current);
        if (page.data.length) {
          lastEventId.current = page.data[page.data.length - 1].id;
          setEvents((all) => [...all, ...page.data]);
        }
        more = page.has_more;
      }
      setCheckpoints((await api.checkpoints(jobId)).data);
      setJob(next);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };
  usePolling(poll, 2000, !finished);

  const cancel = async () => {
    try {
      setJob(await api.cancelJob(jobId));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <p>
        <Link to="/training">← All jobs</Link>
      </p>
      <h1>Training job {shortId(jobId)}</h1>
      <ErrorMessage error={error} />
      {!job ? (
        <Loading what="the job" />
      ) : (
        <>
          <JobSummary job={job} onCancel={() => void cancel()} />
          <LossCurve events={events} />
          <CheckpointTable checkpoints={checkpoints} />
          <EventLog events={events} />
        </>
      )}
    </>
  );
}

function JobSummary({ job, onCancel }: { job: TrainingJob; onCancel: () => void }) {
  const p = job.progress;
  return (
    <section className="card" aria-live="polite">
      <p>
        {job.kind} · <span className={`badge ${job.status}`}>{job.status}</span>
        {job.modelId && (
          <>
            {' '}
            · model ready: <Link to="/models">see models</Link> or <Link to="/playground">chat with it</Link>
          </>
        )}
      </p>
      {p && (
        <>
          <label htmlFor="job-progress">Steps done</label>
          <progress id="job-progress" max={Math.max(1, p.totalSteps)} value={p.step} />
          <p className="muted">
            step {p.step} of {p.totalSteps}
            {typeof p.loss === 'number' && ` · loss ${p.loss.toFixed(4)}`}
            {typeof p.valLoss === 'number' && ` · validation loss ${p.valLoss.toFixed(4)}`}
            {typeof p.tokensPerSecond === 'number' && ` · ${Math.round(p.tokensPerSecond).toLocaleString('en-US')} tokens/s`}
            {typeof p.etaSeconds === 'number' && !FINISHED.has(job.status) && ` · about ${Math.ceil(p.etaSeconds)} s left`}
          </p>
        </>
      )}
      <p className="muted">
        started {formatDateTime(job.startedAt)} · finished {formatDateTime(job.finishedAt)}
      </p>
      {job.error ? <ErrorMessage error={new Error(`The job failed: ${typeof job.error === 'string' ? job.error : JSON.stringify(job.error)}`)} /> : null}
      {!FINISHED.has(job.status) && (
        <button type="button" className="danger" onClick={onCancel}>
          Cancel job
        </button>
      )}
    </section>
  );
}

function LossCurve({ events }: { events: JobEvent[] }) {
  const curve = useMemo(() => {
    const points = events
      .filter((e) => e.type === 'progress' && typeof e.data?.step === 'number' && typeof e.data?.loss === 'number')
      .map((e) => ({ step: e.data?.step as number, loss: e.data?.loss as number, valLoss: typeof e.data?.valLoss === 'number' ? (e.data.valLoss as number) : null }));
    return {
      x: points.map((p) => p.step),
      series: [
        { label: 'training loss', values: points.map((p) => p.loss), color: '#0a58a8' },
        { label: 'validation loss', values: points.map((p) => p.valLoss), color: '#a4161a', dash: [6, 4] },
      ],
    };
  }, [events]);
  if (curve.x.length === 0)
    return (
      <section className="card">
        <EmptyState title="No loss reported yet">The curve draws itself as the job reports its steps.</EmptyState>
      </section>
    );
  return <LineChart title="Loss by step" x={curve.x} series={curve.series} xLabel="step" yLabel="loss" />;
}

function CheckpointTable({ checkpoints }: { checkpoints: Checkpoint[] }) {
  const { pageItems, pager } = usePaged(checkpoints);
  return (
    <section className="card" aria-labelledby="checkpoints-heading">
      <h2 id="checkpoints-heading">Checkpoints</h2>
      {checkpoints.length === 0 ? (
        <p className="muted">No checkpoint yet: the job saves one every few steps and at the end.</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col" className="number">
                  Step
                </th>
                <th scope="col" className="number">
                  Training loss
                </th>
                <th scope="col" className="number">
                  Validation loss
                </th>
                <th scope="col">Saved</th>
              </tr>
            </thead>
            <tbody>
              {pageItems.map((c) => (
                <tr key={c.step}>
                  <td className="number">{c.step}</td>
                  <td className="number">{typeof c.trainLoss === 'number' ? c.trainLoss.toFixed(4) : '—'}</td>
                  <td className="number">{typeof c.valLoss === 'number' ? c.valLoss.toFixed(4) : '—'}</td>
                  <td>{formatDateTime(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pager}
        </>
      )}
    </section>
  );
}

function EventLog({ events }: { events: JobEvent[] }) {
  const notable = events.filter((e) => e.type !== 'progress').reverse();
  const { pageItems, pager } = usePaged(notable);
  return (
    <section className="card" aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      {notable.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <>
          <ul>
            {pageItems.map((e) => (
              <li key={e.id}>
                <span className={`badge ${e.level === 'error' ? 'failed' : e.level === 'warning' ? 'pending' : 'active'}`}>{e.level}</span> {formatDateTime(e.createdAt)} — {e.message}
              </li>
            ))}
          </ul>
          {pager}
        </>
      )}
    </section>
  );
}
