import { performance } from 'node:perf_hooks';
import { CleaningSettings, CleaningSettingsInput, resolveSettings } from './config';
import { DuplicateIndex, LocalDuplicateIndex } from './dedup/duplicate-index';
import { ContaminationCheck, contaminationRemoval } from './contamination/contamination-rule';
import { CleaningOutcome, SourceDocument } from './decision';
import { DocumentPreparer, emptyStageTimes, PreparedDocument, StageName, StageTimes } from './prepare';
import { CleaningReport, ReportBuilder } from './report';
import { Redaction } from './stages/pii';
import { QualityModel } from './classifier/logistic-regression';

export { STAGES, type StageName } from './prepare';

export type PipelineOptions = {
  /** The model the qualityClassifier setting applies (required when it is enabled). */
  qualityModel?: QualityModel;
  /** Token count of a kept document's text, for the report; defaults to UTF-8 bytes / 4. */
  estimateTokens?: (text: string) => number;
  /** The evaluation set the `contamination` rule removes overlapping documents against (settings.contamination). */
  contamination?: ContaminationCheck;
  /** Where duplicates are looked up; defaults to indexes built as documents pass (a sharded run resolves them first). */
  duplicates?: DuplicateIndex;
};

/**
 * One cleaning run: documents go through normalize → language → quality → exact dedup → near dedup → PII, one at a
 * time. Filters run before deduplication so the document a duplicate points to is always one that was kept; PII is
 * redacted last, on kept documents only. Only the dedup indexes and counters live across documents: the per-document
 * stages ({@link DocumentPreparer}) can also run on other threads and hand their results to {@link processPrepared}.
 */
export class CleaningPipeline {
  readonly settings: CleaningSettings;
  private readonly preparer: DocumentPreparer;
  private readonly dedupMs = emptyStageTimes();
  private readonly duplicates: DuplicateIndex;
  private readonly report: ReportBuilder;
  private readonly contamination?: ContaminationCheck;

  constructor(settings: CleaningSettingsInput = {}, options: PipelineOptions = {}) {
    this.settings = resolveSettings(settings);
    this.preparer = new DocumentPreparer(this.settings, options.qualityModel);
    this.duplicates = options.duplicates ?? new LocalDuplicateIndex(this.settings.nearDedup);
    this.report = new ReportBuilder(this.settings, options.estimateTokens ?? ((text) => Buffer.byteLength(text) / 4));
    this.contamination = options.contamination;
  }

  /** Milliseconds spent in each stage so far on this thread (benchmarks read these). */
  get stageMs(): StageTimes {
    const total = emptyStageTimes();
    for (const stage of Object.keys(total) as StageName[]) total[stage] = this.preparer.stageMs[stage] + this.dedupMs[stage];
    return total;
  }

  process(document: SourceDocument): CleaningOutcome {
    return this.processPrepared(this.preparer.prepare(document), (prepared) => this.preparer.redact(prepared));
  }

  /**
   * Decides a document whose stateless stages already ran; `redact` supplies its PII redaction when it is kept
   * (computed here, or beforehand on another thread).
   */
  processPrepared(prepared: PreparedDocument, redact: (prepared: PreparedDocument) => Redaction | undefined): CleaningOutcome {
    const outcome = this.decide(prepared, redact);
    if (prepared.qualityScore !== undefined) outcome.decision.qualityScore = prepared.qualityScore;
    this.report.add(prepared.inputBytes, outcome);
    return outcome;
  }

  buildReport(): CleaningReport {
    return this.report.build();
  }

  private decide(prepared: PreparedDocument, redact: (prepared: PreparedDocument) => Redaction | undefined): CleaningOutcome {
    const { id: documentId, labels, text, metadata } = prepared;
    if (prepared.removal) return { decision: { documentId, status: 'removed', ...labels, ...prepared.removal } };
    const contaminated = this.contamination && contaminationRemoval(text, this.contamination);
    if (contaminated) return { decision: { documentId, status: 'removed', ...labels, ...contaminated } };

    if (prepared.digest !== undefined) {
      const digest = prepared.digest;
      const first = this.timed('exactDedup', () => this.duplicates.exactDuplicateOf(documentId, digest));
      if (first !== null)
        return { decision: { documentId, status: 'removed', ...labels, rule: 'exact_duplicate', figure: 1, duplicateOf: first } };
    }

    if (prepared.signature) {
      const signature = prepared.signature;
      const match = this.timed('nearDedup', () => this.duplicates.nearDuplicateOf(documentId, signature));
      if (match)
        return {
          decision: {
            documentId,
            status: 'removed',
            ...labels,
            rule: 'near_duplicate',
            figure: match.jaccard,
            limit: this.settings.nearDedup.minJaccard,
            duplicateOf: match.duplicateOf,
          },
        };
    }

    const output = { id: documentId, text, metadata, language: labels.language };
    const redaction = redact(prepared);
    if (redaction && redaction.total > 0)
      return {
        decision: { documentId, status: 'redacted', ...labels, pii: redaction.counts },
        output: { ...output, text: redaction.text },
      };
    return { decision: { documentId, status: 'kept', ...labels }, output };
  }

  private timed<T>(stage: StageName, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.dedupMs[stage] += performance.now() - started;
    }
  }
}

/** Streams outcomes for a stream of documents; memory stays bounded by the pipeline's indexes, not the corpus. */
export async function* cleanDocuments(
  source: AsyncIterable<SourceDocument> | Iterable<SourceDocument>,
  pipeline: CleaningPipeline,
): AsyncGenerator<CleaningOutcome> {
  for await (const document of source) yield pipeline.process(document);
}
