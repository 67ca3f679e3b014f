/** What the pipeline reads: a document's id, its text, and whatever metadata came with it (passed through). */
export type SourceDocument = { id: string; text: string; metadata?: Record<string, unknown> };

export const PII_TYPES = ['email', 'phone', 'ipv4', 'ipv6', 'card', 'iban', 'secret', 'private_key'] as const;
export type PiiType = (typeof PII_TYPES)[number];
export type PiiCounts = Partial<Record<PiiType, number>>;

/** Why a document was removed: the rule, the figure it measured, and the limit that figure broke. */
export type Removal = {
  rule: string;
  figure: number;
  limit?: number;
  /** For duplicates: the kept document this one duplicates. */
  duplicateOf?: string;
  /** For contamination: the dataset version whose n-grams the document shares. */
  sourceVersion?: string;
};

/**
 * What the language stage learnt of a document: its language (`und` when unsure), the languages of a mixed document
 * with their shares, and whether the quality rules could only judge it by the script-independent rules (no
 * thresholds for its language).
 */
export type DocumentLanguage = {
  language?: string;
  mixedLanguages?: { language: string; share: number }[];
  qualityRules?: 'script_independent';
};

/**
 * One record per document, so anyone can see why it is in the dataset or not.
 * `redacted` documents are kept, with PII replaced by typed placeholders.
 */
export type DocumentDecision = { qualityScore?: number } & (
  | ({ documentId: string; status: 'kept' } & DocumentLanguage)
  | ({ documentId: string; status: 'redacted'; pii: PiiCounts } & DocumentLanguage)
  | ({ documentId: string; status: 'removed' } & DocumentLanguage & Removal)
);

/** A document that made it through, with its cleaned text. */
export type CleanedDocument = SourceDocument & { language?: string };

export type CleaningOutcome = { decision: DocumentDecision; output?: CleanedDocument };
