import { Fragment, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Checkpoint, JobEvent, RegisteredModel, TrainingJob } from '../api/training';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback';
import { formatDateTime, formatInteger, shortId } from '../components/format';
import { LineChart } from '../components/line-chart';
import { Column } from '../components/data-table';
import { ListView } from '../components/list-view';
import { usePaged } from '../components/pagination';
import { usePolling } from '../components/use-resource';
import { CheckpointSelection } from './CheckpointSelection';
import { useTrainingApi } from './use-training-api';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
/** A running job reports its progress about once a second; the page follows at that pace. */
const POLL_MS = 1000;

/** The job, its events and checkpoints (the loss curve comes from both) and its model, polled while it runs. */
export function JobDetailPage() {
  const { jobId = '' } = useParams();
  const api = useTrainingApi();
  const [job, setJob] = useState<TrainingJob | null>(null);
  const [events, setEvents] = useState<JobEvent[]>([]);
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>([]);
  const [model, setModel] = useState<RegisteredModel | null>(null);
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
          setEvents((all) => appendNewer(all, page.data));
        }
        more = page.has_more;
      }
      setCheckpoints((await api.checkpoints(jobId)).data);
      if (next.modelId) setModel(await api.model(next.modelId));
      setJob(next);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };
  usePolling(poll, POLL_MS, !finished);

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
          <JobSummary job={job} model={model} onCancel={() => void cancel()} />
          <JobSettings job={job} />
          <CheckpointSelection job={job} />
          <LossCurve events={events} checkpoints={checkpoints} />
          <CheckpointTable checkpoints={checkpoints} selectedStep={job.selectedCheckpoint?.step} />
          <EventLog events={events} />
        </>
      )}
    </>
  );
}

/**
 * The events of a page the list lacks: ids grow, so those past its last one. Two polls may fetch the same page (an
 * effect set up twice, as StrictMode does in development); each event is still listed once.
 */
function appendNewer(all: JobEvent[], page: JobEvent[]): JobEvent[] {
  const last = all.length ? BigInt(all[all.length - 1].id) : -1n;
  const newer = page.filter((e) => BigInt(e.id) > last);
  return newer.length ? [...all, ...newer] : all;
}

function JobSummary({ job, model, onCancel }: { job: TrainingJob; model: RegisteredModel | null; onCancel: () => void }) {
  const p = job.progress;
  return (
    <section className="card" aria-live="polite">
      <p>
        {job.kind} · <span className={`badge ${job.status}`}>{job.status}</span>
        {p?.phase && !FINISHED.has(job.status) && ` · ${p.phase}`}
      </p>
      {model && (
        <p>
          Registered model <span className="mono">{model.name}</span>: <Link to="/models">see your models</Link> or{' '}
          <Link to={`/playground?model=${encodeURIComponent(model.name)}`}>chat with {model.name}</Link>
        </p>
      )}
      {p && (
        <>
          <label htmlFor="job-progress">Steps done</label>
          <progress id="job-progress" max={Math.max(1, p.totalSteps)} value={p.step} />
          <p className="muted">
            step {p.step} of {p.totalSteps}
            {typeof p.loss === 'number' && ` · loss ${p.loss.toFixed(4)}`}
            {typeof p.tokensPerSecond === 'number' && ` · ${Math.round(p.tokensPerSecond).toLocaleString('en-US')} tokens/s`}
            {typeof p.etaSeconds === 'number' && !FINISHED.has(job.status) && ` · about ${Math.ceil(p.etaSeconds)} s left`}
          </p>
        </>
      )}
      <p className="muted">
        started {formatDateTime(job.startedAt)} · finished {formatDateTime(job.finishedAt)} · {formatInteger(job.trainedTokens)} tokens trained
      </p>
      {job.error ? <ErrorMessage error={new Error(`The job failed: ${job.error}`)} /> : null}
      {!FINISHED.has(job.status) && (
        <button type="button" className="danger" onClick={onCancel}>
          Cancel job
        </button>
      )}
    </section>
  );
}

/** What the job runs with: the settings as the service resolved them (what “auto” became). */
function JobSettings({ job }: { job: TrainingJob }) {
  const shape = job.model;
  const h = job.hyperparameters;
  const a = job.adapter;
  const rows: [string, string | number | undefined][] = [
    ['Method', job.method === 'lora' ? 'LoRA adapter on a frozen base' : job.method === 'full' ? 'whole model' : undefined],
    ['LoRA adapter', a ? `rank ${a.rank}, alpha ${a.alpha}, dropout ${a.dropout}, on ${a.targetModules.join(', ')}` : undefined],
    ['Layers', shape.layers],
    ['Attention heads', shape.heads],
    ['Embedding size', shape.embeddingSize],
    ['Context length', shape.contextLength],
    ['Vocabulary size', shape.vocabSize],
    ['Steps', typeof h?.steps === 'number' ? h.steps : undefined],
    ['Batch size', typeof h?.batchSize === 'number' ? h.batchSize : undefined],
    ['Learning rate', typeof h?.learningRate === 'number' ? Number(h.learningRate.toPrecision(3)) : undefined],
    ['Checkpoint every', h?.checkpointEvery === undefined ? undefined : `${h.checkpointEvery} steps`],
  ];
  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <dl className="details">
        {rows
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
      </dl>
    </section>
  );
}

/**
 * Training loss from the progress events (about one a second) and validation loss from the checkpoints, on one step
 * axis; the sentence under it says the same for those who do not see the chart.
 */
function LossCurve({ events, checkpoints }: { events: JobEvent[]; checkpoints: Checkpoint[] }) {
  const curve = useMemo(() => {
    const train = new Map<number, number>();
    for (const e of events) {
      if (e.type === 'progress' && typeof e.data?.step === 'number' && typeof e.data?.loss === 'number') train.set(e.data.step, e.data.loss);
    }
    const validation = new Map(checkpoints.filter((c) => typeof c.valLoss === 'number').map((c) => [c.step, c.valLoss as number]));
    // The job's validation dataset version, when it has one: the loss that selects its model.
    const validationSet = new Map(checkpoints.filter((c) => typeof c.validationLoss === 'number').map((c) => [c.step, c.validationLoss as number]));
    const x = [...new Set([...train.keys(), ...validation.keys()])].sort((a, b) => a - b);
    return {
      x,
      train: [...train.entries()],
      validation: [...validation.entries()].sort(([a], [b]) => a - b),
      validationSet: [...validationSet.entries()].sort(([a], [b]) => a - b),
      series: [
        { label: 'training loss', values: x.map((step) => train.get(step) ?? null), color: '#0a58a8', spanGaps: true },
        { label: 'validation loss', values: x.map((step) => validation.get(step) ?? null), color: '#a4161a', dash: [6, 4], spanGaps: true },
        ...(validationSet.size
          ? [{ label: 'validation set loss', values: x.map((step) => validationSet.get(step) ?? null), color: '#2b7a0b', dash: [2, 3], spanGaps: true }]
          : []),
      ],
    };
  }, [events, checkpoints]);
  if (curve.x.length === 0)
    return (
      <section className="card">
        <EmptyState title="No loss reported yet">The curve draws itself as the job reports its steps.</EmptyState>
      </section>
    );
  return (
    <section className="card" aria-labelledby="loss-heading">
      <h2 id="loss-heading">Loss</h2>
      <LineChart title="Loss by step" x={curve.x} series={curve.series} xLabel="step" yLabel="loss" describedBy="loss-summary" />
      <p className="muted" id="loss-summary">
        {[
          lossSentence('Training loss reported at', 'step', curve.train),
          lossSentence('Validation loss at', 'checkpoint', curve.validation),
          lossSentence('Validation set loss at', 'checkpoint', curve.validationSet),
        ]
          .filter(Boolean)
          .join(' ')}
      </p>
    </section>
  );
}

/** “Training loss reported at 3 steps: 5.1234 at step 10, 2.3456 at step 30.”: how many points, the first and the last. */
function lossSentence(what: string, unit: string, points: [number, number][]): string {
  if (points.length === 0) return '';
  const [firstStep, firstLoss] = points[0];
  const [lastStep, lastLoss] = points[points.length - 1];
  const ends = points.length === 1 ? `${firstLoss.toFixed(4)} at step ${firstStep}` : `${firstLoss.toFixed(4)} at step ${firstStep}, ${lastLoss.toFixed(4)} at step ${lastStep}`;
  return `${what} ${points.length} ${unit}${points.length === 1 ? '' : 's'}: ${ends}.`;
}

const loss = (value: number | null) => (typeof value === 'number' ? value.toFixed(4) : '—');

function CheckpointTable({ checkpoints, selectedStep }: { checkpoints: Checkpoint[]; selectedStep: number | undefined }) {
  const columns: Column<Checkpoint>[] = [
    { header: 'Step', number: true, cell: (c) => c.step },
    { header: 'Training loss', number: true, cell: (c) => loss(c.trainLoss) },
    { header: 'Held-out loss', number: true, cell: (c) => loss(c.valLoss) },
    { header: 'Validation set loss', number: true, cell: (c) => loss(c.validationLoss) },
    { header: 'Model', cell: (c) => (c.step === selectedStep ? 'selected' : '') },
    { header: 'Saved', cell: (c) => formatDateTime(c.createdAt) },
  ];
  return (
    <section className="card" aria-labelledby="checkpoints-heading">
      <h2 id="checkpoints-heading">Checkpoints</h2>
      <ListView
        list={usePaged(checkpoints)}
        what="checkpoints"
        columns={columns}
        rowKey={(c) => c.step}
        empty={<p className="muted">No checkpoint yet: the job saves one every few steps and at the end.</p>}
      />
    </section>
  );
}

function EventLog({ events }: { events: JobEvent[] }) {
  const notable = events.filter((e) => e.type !== 'progress').reverse();
  const { rows, pager } = usePaged(notable);
  return (
    <section className="card" aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      {notable.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <>
          <ul>
            {rows?.map((e) => (
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
