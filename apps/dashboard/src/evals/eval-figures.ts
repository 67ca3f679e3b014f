export const FINISHED_RUN = new Set(['succeeded', 'failed', 'cancelled']);

/** A share as a percentage with one decimal, or a dash when nothing was graded. */
export const percent = (share: number | null | undefined) => (typeof share === 'number' ? `${(share * 100).toFixed(1)}%` : '—');
export const score = (value: number | null | undefined) => (typeof value === 'number' ? value.toFixed(3) : '—');

