import { Link } from 'react-router';
import { useCursorList } from '../components/cursor-list';
import { EmptyState, Loaded } from '../components/feedback';
import { formatDateTime, shortId } from '../components/format';
import { StartJobForm } from './StartJobForm';
import { useTrainingApi } from './use-training-api';

export function JobsPage() {
  const api = useTrainingApi();
  const { resource, pager } = useCursorList((limit, after) => api.jobs(limit, after), [api]);
  return (
    <>
      <h1>Training</h1>
      <StartJobForm />
      <section className="card" aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">Jobs</h2>
        <Loaded resource={resource} what="training jobs">
          {(page) =>
            page.data.length === 0 ? (
              <EmptyState title="No training jobs yet">Start one above from a dataset version: a tokenizer first, then pre-training or fine-tuning.</EmptyState>
            ) : (
              <>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Job</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Status</th>
                      <th scope="col">Progress</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((job) => (
                      <tr key={job.id}>
                        <td>
                          <Link to={`/training/jobs/${job.id}`}>
                            {job.suffix ?? 'job'} {shortId(job.id)}
                          </Link>
                        </td>
                        <td>{job.kind}</td>
                        <td>
                          <span className={`badge ${job.status}`}>{job.status}</span>
                        </td>
                        <td>{job.progress ? `step ${job.progress.step} of ${job.progress.totalSteps}` : '—'}</td>
                        <td>{formatDateTime(job.createdAt)}</td>
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
