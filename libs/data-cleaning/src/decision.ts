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
 * One record per document, so anyone can see why it is in the dataset or not.
 * `redacted` documents are kept, with PII replaced by typed placeholders.
 */
export type DocumentDecision =
  | { documentId: string; status: 'kept'; language?: string }
  | { documentId: string; status: 'redacted'; language?: string; pii: PiiCounts }
  | ({ documentId: string; status: 'removed'; language?: string } & Removal);

/** A document that made it through, with its cleaned text. */
export type CleanedDocument = SourceDocument & { language?: string };

export type CleaningOutcome = { decision: DocumentDecision; output?: CleanedDocument };
