import { forwardRef } from 'react';
import { Span } from '../api/data';

/**
 * The document with its spans marked. The label of a mark is drawn by CSS (data-label), not as text, so character
 * offsets of a selection inside this element are offsets into the document itself.
 */
export const DocumentWithSpans = forwardRef<HTMLDivElement, { text: string; spans: Span[]; label: string }>(function DocumentWithSpans({ text, spans, label }, ref) {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const parts: React.ReactNode[] = [];
  let at = 0;
  sorted.forEach((span, i) => {
    if (span.start < at) return;
    parts.push(text.slice(at, span.start));
    parts.push(
      <mark key={i} data-label={span.label} title={span.label} aria-label={`${span.label}: ${text.slice(span.start, span.end)}`}>
        {text.slice(span.start, span.end)}
      </mark>,
    );
    at = span.end;
  });
  parts.push(text.slice(at));
  return (
    <div className="document" ref={ref} aria-label={label} role="document" tabIndex={0}>
      {parts}
    </div>
  );
});

/** The selection inside the element as offsets into its text, or null when nothing inside is selected. */
export function selectionOffsets(container: HTMLElement): { start: number; end: number } | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return { start, end: start + range.toString().length };
}
