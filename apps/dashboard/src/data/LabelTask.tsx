import { RefObject } from 'react';
import { AnnotationProject, Task } from '../api/data';
import { SelectField, TextField } from '../components/fields';
import { DocumentWithSpans } from './DocumentWithSpans';
import { TaskDraft } from './use-task-draft';

/** One document to label: its text with the spans marked so far, the class buttons, the span tools and submit. */
export function LabelTask({ project, task, draft, documentRef, left }: { project: AnnotationProject; task: Task; draft: TaskDraft; documentRef: RefObject<HTMLDivElement | null>; left: number }) {
  const { classes, spanLabels } = project.labelSchema;
  return (
    <section className="card" aria-labelledby="task-heading">
      <h2 id="task-heading">Document {task.documentId}</h2>
      <DocumentWithSpans ref={documentRef} text={task.text} spans={draft.spans} label="Document to label" />
      {classes.length > 0 && (
        <fieldset>
          <legend>Class (keys 1–{Math.min(9, classes.length)})</legend>
          <div className="label-buttons">
            {classes.map((c, i) => (
              <button key={c} type="button" aria-pressed={draft.label === c} onClick={() => draft.setLabel(c)}>
                <kbd>{i + 1}</kbd> {c}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {spanLabels.length > 0 && (
        <fieldset>
          <legend>Spans: select text, then Alt+1–{Math.min(9, spanLabels.length)} or a button</legend>
          <div className="form-row">
            <TextField label="Text to mark" value={draft.spanText} onChange={(e) => draft.setSpanText(e.target.value)} hint="Or select it in the document with the mouse." />
            <SelectField label="Span label" value={draft.spanLabel} onChange={(e) => draft.setSpanLabel(e.target.value)}>
              {spanLabels.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </SelectField>
            <div className="actions">
              <button type="button" onClick={() => draft.addSpan(draft.spanLabel)}>
                Mark span
              </button>
            </div>
          </div>
          {draft.spans.length > 0 && (
            <ul aria-label="Marked spans">
              {draft.spans.map((s, i) => (
                <li key={i}>
                  {s.label}: “{task.text.slice(s.start, s.end)}”{' '}
                  <button type="button" onClick={() => draft.removeSpan(i)} aria-label={`Remove span ${s.label} ${task.text.slice(s.start, s.end)}`}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void draft.submit()}>
          Submit and next (Enter)
        </button>
        <span className="muted">{left} more handed to you</span>
      </div>
    </section>
  );
}
