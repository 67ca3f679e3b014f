import { Removal } from '../decision';
import { ContaminationIndex } from './contamination-index';

/** What a cleaning run compares its documents against: the evaluation set's n-grams and the version they came from. */
export type ContaminationCheck = { index: ContaminationIndex; sourceVersionId: string; minMatchedNgrams: number };

/**
 * The `contamination` rule: a document sharing at least minMatchedNgrams word n-grams with the evaluation set is
 * removed, its decision naming the matched count (figure), the threshold (limit) and the version matched (sourceVersion).
 */
export function contaminationRemoval(text: string, check: ContaminationCheck): Removal | null {
  const matched = check.index.matches(text);
  if (matched < check.minMatchedNgrams) return null;
  return { rule: 'contamination', figure: matched, limit: check.minMatchedNgrams, sourceVersion: check.sourceVersionId };
}
