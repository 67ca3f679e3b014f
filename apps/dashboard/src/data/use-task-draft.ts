import { RefObject, useCallback, useState } from 'react';
import { AnnotationProject, Span, Task } from '../api/data';
import { selectionOffsets } from './DocumentWithSpans';
import { useDataApi } from './use-data-api';

/** The labels an annotator is giving the current task (a class, spans) and its submission. */
export function useTaskDraft({
  project,
  task,
  annotator,
  documentRef,
  setError,
  onSubmitted,
}: {
  project: AnnotationProject;
  task: Task | undefined;
  annotator: string;
  documentRef: RefObject<HTMLDivElement | null>;
  setError: (error: unknown) => void;
  onSubmitted: () => void;
}) {
  const api = useDataApi();
  const [label, setLabel] = useState<string | undefined>(undefined);
  const [spans, setSpans] = useState<Span[]>([]);
  const [spanText, setSpanText] = useState('');
  const [spanLabel, setSpanLabel] = useState(project.labelSchema.spanLabels[0] ?? '');
  const needsClass = project.labelSchema.classes.length > 0;

  /** Marks the text selected in the document, else the text typed in “Text to mark”, with `spanName`. */
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
    [task, spanText, documentRef, setError],
  );

  const removeSpan = (index: number) => setSpans((all) => all.filter((_, j) => j !== index));

  const submit = useCallback(async () => {
    if (!task) return;
    if (needsClass && !label) return setError(new Error('Choose a class first (keys 1–9)'));
    setError(null);
    try {
      await api.submitAnnotation(project.id, { taskId: task.taskId, annotator, label, spans });
      setLabel(undefined);
      setSpans([]);
      onSubmitted();
      documentRef.current?.focus();
    } catch (caught) {
      setError(caught);
    }
  }, [api, project.id, task, annotator, label, spans, needsClass, documentRef, setError, onSubmitted]);

  return { label, setLabel, spans, removeSpan, spanText, setSpanText, spanLabel, setSpanLabel, addSpan, submit };
}

export type TaskDraft = ReturnType<typeof useTaskDraft>;
