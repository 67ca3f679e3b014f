import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { AnnotationProject, Span, Task } from '../api/data';
import { EmptyState, ErrorMessage, Loaded, Loading } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { useResource } from '../components/use-resource';
import { useTenantSession } from '../session/session';
import { DocumentWithSpans, selectionOffsets } from './DocumentWithSpans';
import { useDataApi } from './use-data-api';

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
 * One task at a time, the next one served as soon as this one is submitted. Keys: 1–9 pick a class, Alt+1–9 mark the
 * selected text with a span label, Enter submits, Backspace on the span list removes the last span.
 */
function Labeler({ project }: { project: AnnotationProject }) {
  const api = useDataApi();
  const { email } = useTenantSession();
  const [annotator, setAnnotator] = useState(email);
  const [started, setStarted] = useState(false);
  const [queue, setQueue] = useState<Task[] | null>(null);
  const [label, setLabel] = useState<string | undefined>(undefined);
  const [spans, setSpans] = useState<Span[]>([]);
  const [spanText, setSpanText] = useState('');
  const [spanLabel, setSpanLabel] = useState(project.labelSchema.spanLabels[0] ?? '');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(0);
  const documentRef = useRef<HTMLDivElement>(null);
  const classes = project.labelSchema.classes;
  const task = queue?.[0];

  const fetchTasks = useCallback(async () => {
    setError(null);
    try {
      setQueue(await api.handOut(project.id, annotator, 10));
    } catch (caught) {
      setError(caught);
    }
  }, [api, project.id, annotator]);

  useEffect(() => {
    if (started && queue?.length === 0 && done > 0) void fetchTasks();
    // Only when the queue empties after work: a new hand-out tops it up.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queue?.length]);

  const addSpan = useCallback(
    (spanName: string) => {
      if (!task) return;
      const selected = documentRef.current ? selectionOffsets(documentRef.current) : null;
      const typed = spanText ? task.text.indexOf(spanText) : -1;
      const range = selected ?? (typed >= 0 ? { start: typed, end: typed + spanText.length } : null);
      if (!range) return setError(new Error(spanText ? `“${spanText}” is not in this document` : 'Select text in the document, or type it in “Text to mark”, first'));
      setError(null);
      setSpans((s) => [...s, { ...range, label: spanName }]);
      setSpanText('');
      window.getSelection()?.removeAllRanges();
    },
    [task, spanText],
  );

  const submit = useCallback(async () => {
    if (!task) return;
    if (classes.length > 0 && !label) return setError(new Error('Choose a class first (keys 1–9)'));
    setError(null);
    try {
      await api.submitAnnotation(project.id, { taskId: task.taskId, annotator, label, spans });
      setDone((n) => n + 1);
      setLabel(undefined);
      setSpans([]);
      setQueue((q) => (q ? q.slice(1) : q));
      documentRef.current?.focus();
    } catch (caught) {
      setError(caught);
    }
  }, [api, project.id, task, annotator, label, spans, classes.length]);

  useEffect(() => {
    if (!task) return;
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.target instanceof HTMLTextAreaElement;
      const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
      if (digit && event.altKey) {
        const name = project.labelSchema.spanLabels[Number(digit) - 1];
        if (name) {
          event.preventDefault();
          addSpan(name);
        }
      } else if (digit && !typing && !event.ctrlKey && !event.metaKey) {
        const name = classes[Number(digit) - 1];
        if (name) setLabel(name);
      } else if (event.key === 'Enter' && !typing && !(event.target instanceof HTMLButtonElement)) {
        event.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [task, classes, project.labelSchema.spanLabels, addSpan, submit]);

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
            void fetchTasks();
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
        {project.instruction} · as <strong>{annotator}</strong> · {done} submitted this session
      </p>
      <ErrorMessage error={error} />
      {!queue ? (
        <Loading what="your tasks" />
      ) : !task ? (
        <EmptyState title="No documents left for you">
          Every document has its {project.overlap} annotator(s), or you labelled all you hold. <Link to={`/annotation/${project.id}/review`}>Go to the review queue</Link>.
        </EmptyState>
      ) : (
        <section className="card" aria-labelledby="task-heading">
          <h2 id="task-heading">Document {task.documentId}</h2>
          <DocumentWithSpans ref={documentRef} text={task.text} spans={spans} label="Document to label" />
          {classes.length > 0 && (
            <fieldset>
              <legend>Class (keys 1–{Math.min(9, classes.length)})</legend>
              <div className="label-buttons">
                {classes.map((c, i) => (
                  <button key={c} type="button" aria-pressed={label === c} onClick={() => setLabel(c)}>
                    <kbd>{i + 1}</kbd> {c}
                  </button>
                ))}
              </div>
            </fieldset>
          )}
          {project.labelSchema.spanLabels.length > 0 && (
            <fieldset>
              <legend>Spans: select text, then Alt+1–{Math.min(9, project.labelSchema.spanLabels.length)} or a button</legend>
              <div className="form-row">
                <TextField label="Text to mark" value={spanText} onChange={(e) => setSpanText(e.target.value)} hint="Or select it in the document with the mouse." />
                <SelectField label="Span label" value={spanLabel} onChange={(e) => setSpanLabel(e.target.value)}>
                  {project.labelSchema.spanLabels.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </SelectField>
                <div className="actions">
                  <button type="button" onClick={() => addSpan(spanLabel)}>
                    Mark span
                  </button>
                </div>
              </div>
              {spans.length > 0 && (
                <ul aria-label="Marked spans">
                  {spans.map((s, i) => (
                    <li key={i}>
                      {s.label}: “{task.text.slice(s.start, s.end)}”{' '}
                      <button type="button" onClick={() => setSpans((all) => all.filter((_, j) => j !== i))} aria-label={`Remove span ${s.label} ${task.text.slice(s.start, s.end)}`}>
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => void submit()}>
              Submit and next (Enter)
            </button>
            <span className="muted">{queue.length - 1} more handed to you</span>
          </div>
        </section>
      )}
    </>
  );
}
