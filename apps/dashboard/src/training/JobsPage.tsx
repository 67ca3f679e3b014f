import { Link } from 'react-router';
import { TrainingJob } from '../api/training';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { EmptyState } from '../components/feedback';
import { formatDateTime, shortId } from '../components/format';
import { ListView } from '../components/list-view';
import { StartJobForm } from './StartJobForm';
import { useTrainingApi } from './use-training-api';

const COLUMNS: Column<TrainingJob>[] = [
  {
    header: 'Job',
    cell: (job) => (
      <Link to={`/training/jobs/${job.id}`}>
        {job.suffix ?? 'job'} {shortId(job.id)}
      </Link>
    ),
  },
  { header: 'Kind', cell: (job) => job.kind },
  { header: 'Status', cell: (job) => <span className={`badge ${job.status}`}>{job.status}</span> },
  { header: 'Progress', cell: (job) => (job.progress ? `step ${job.progress.step} of ${job.progress.totalSteps}` : '—') },
  { header: 'Created', cell: (job) => formatDateTime(job.createdAt) },
];

export function JobsPage() {
  const api = useTrainingApi();
  const jobs = useCursorList((limit, after) => api.jobs(limit, after), [api]);
  return (
    <>
      <h1>Training</h1>
      <StartJobForm />
      <section className="card" aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">Jobs</h2>
        <ListView
          list={jobs}
          what="training jobs"
          columns={COLUMNS}
          rowKey={(job) => job.id}
          empty={<EmptyState title="No training jobs yet">Start one above from a dataset version: a tokenizer first, then pre-training or fine-tuning.</EmptyState>}
        />
      </section>
    </>
  );
}
