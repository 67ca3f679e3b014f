import { PII_PLACEHOLDERS, redactPii } from '../stages/pii';
import { generateHardNegativeProse } from './pii-hard-negatives';

export type ProsePiiAccuracy = {
  documents: number;
  lookAlikes: number;
  /** Documents with look-alikes only that got any redaction (should be 0). */
  lookAlikeDocumentsRedacted: number;
  /** Planted values replaced by their placeholder, of those planted. */
  plantedFound: number;
  planted: number;
  /** Documents with planted values whose redacted text differs from exactly those replacements. */
  documentsWithWrongRedactions: number;
};

/**
 * PII precision and recall on the seeded hard-negative prose (nine languages, look-alikes computed from their
 * specifications, true values planted in every second document): what `bench:clean` reports beside its corpus.
 */
export function measureProsePiiAccuracy(count: number, seed: number): ProsePiiAccuracy {
  const documents = generateHardNegativeProse(count, seed);
  const result: ProsePiiAccuracy = { documents: count, lookAlikes: 0, lookAlikeDocumentsRedacted: 0, plantedFound: 0, planted: 0, documentsWithWrongRedactions: 0 };
  for (const document of documents) {
    result.lookAlikes += document.lookAlikes.length;
    const redacted = redactPii(document.text);
    if (document.planted.length === 0) {
      if (redacted.total > 0) result.lookAlikeDocumentsRedacted++;
      continue;
    }
    result.planted += document.planted.length;
    result.plantedFound += document.planted.filter(({ value }) => !redacted.text.includes(value)).length;
    const expected = document.planted.reduce((text, { type, value }) => text.replace(value, PII_PLACEHOLDERS[type]), document.text);
    if (redacted.text !== expected) result.documentsWithWrongRedactions++;
  }
  return result;
}
