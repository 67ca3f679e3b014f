import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { AnnotationProject } from '../api/data';
import { EmptyState, ErrorMessage, Loaded, Loading } from '../components/feedback';
import { TextField } from '../components/fields';
import { useResource } from '../components/use-resource';
import { useTenantSession } from '../session/session';
import { LabelTask } from './LabelTask';
import { useDataApi } from './use-data-api';
import { useLabellingKeys } from './use-labelling-keys';
import { useTaskDraft } from './use-task-draft';
import { useTaskQueue } from './use-task-queue';

const ANNOTATOR = /^[A-Za-z0-9_.@-]{1,128}$/;

export function AnnotatePage() {
  const { projectId = '' } = useParams();
  const api = useDataApi();
  const project = useResource(() => api.project(projectId), [api, projectId]);
  return (
    <>
      <p>
        <Link to={`/annotation/${projectId}`}>← Project overview</Link>
      </p>
      <Loaded resource={project} what="the project">
        {(p) => <Labeler project={p} />}
      </Loaded>
    </>
  );
}

/**
 * One task at a time, the next one served as soon as this one is submitted (keys: see useLabellingKeys). The hooks
 * keep the queue and the current task's labels; LabelTask draws the task.
 */
function Labeler({ project }: { project: AnnotationProject }) {
  const { email } = useTenantSession();
  const [annotator, setAnnotator] = useState(email);
  const [started, setStarted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const documentRef = useRef<HTMLDivElement>(null);
  const tasks = useTaskQueue(project.id, annotator, setError);
  const draft = useTaskDraft({ project, task: tasks.task, annotator, documentRef, setError, onSubmitted: tasks.completed });
  useLabellingKeys(Boolean(tasks.task), project, draft);

  if (!started)
    return (
      <section className="card">
        <h1>Label: {project.name}</h1>
        <p>{project.instruction}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!ANNOTATOR.test(annotator)) return setError(new Error('Your annotator name uses letters, digits, _ . @ or - (up to 128)'));
            setStarted(true);
            void tasks.fetchTasks();
          }}
          noValidate
          className="form-row"
        >
          <TextField label="Annotating as" value={annotator} onChange={(e) => setAnnotator(e.target.value)} hint="Your labels are recorded under this name; reviewers cannot review their own." />
          <div className="actions">
            <button type="submit" className="primary">
              Start labelling
            </button>
          </div>
        </form>
        <ErrorMessage error={error} />
      </section>
    );

  return (
    <>
      <h1>Label: {project.name}</h1>
      <p className="muted">
        {project.instruction} · as <strong>{annotator}</strong> · {tasks.done} submitted this session
      </p>
      <ErrorMessage error={error} />
      {!tasks.queue ? (
        <Loading what="your tasks" />
      ) : !tasks.task ? (
        <EmptyState title="No documents left for you">
          Every document has its {project.overlap} annotator(s), or you labelled all you hold. <Link to={`/annotation/${project.id}/review`}>Go to the review queue</Link>.
        </EmptyState>
      ) : (
        <LabelTask project={project} task={tasks.task} draft={draft} documentRef={documentRef} left={tasks.queue.length - 1} />
      )}
    </>
  );
}
