import { useEffect } from 'react';
import { AnnotationProject } from '../api/data';
import { TaskDraft } from './use-task-draft';

/**
 * The labeller's keys while a task is shown: 1–9 pick a class, Alt+1–9 mark the selected text with a span label,
 * Enter submits. Plain digits and Enter are left to the field or button that has the focus.
 */
export function useLabellingKeys(active: boolean, project: AnnotationProject, { setLabel, addSpan, submit }: Pick<TaskDraft, 'setLabel' | 'addSpan' | 'submit'>) {
  const { classes, spanLabels } = project.labelSchema;
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.target instanceof HTMLTextAreaElement;
      const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
      if (digit && event.altKey) {
        const name = spanLabels[Number(digit) - 1];
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
  }, [active, classes, spanLabels, setLabel, addSpan, submit]);
}
