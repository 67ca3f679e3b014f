import { performance } from 'node:perf_hooks';
import { CleaningSettings, CleaningSettingsInput, resolveSettings } from './config';
import { ExactDeduplicator } from './dedup/exact-dedup';
import { LshIndex } from './dedup/lsh-index';
import { CleaningOutcome, SourceDocument } from './decision';
import { CleaningReport, ReportBuilder } from './report';
import { identifyLanguage } from './stages/language';
import { normalizeText } from './stages/normalize';
import { redactPii } from './stages/pii';
import { checkQuality } from './stages/quality';

export const STAGES = ['normalize', 'language', 'quality', 'exactDedup', 'nearDedup', 'pii'] as const;
export type StageName = (typeof STAGES)[number];

export type PipelineOptions = {
  /** Token count of a kept document's text, for the report; defaults to UTF-8 bytes / 4. */
  estimateTokens?: (text: string) => number;
};

/**
 * One cleaning run: documents go through normalize → language → quality → exact dedup → near dedup → PII, one at a
 * time. Filters run before deduplication so the document a duplicate points to is always one that was kept; PII is
 * redacted last, on kept documents only. Only dedup indexes and counters live across documents.
 */
export class CleaningPipeline {
  readonly settings: CleaningSettings;
  /** Milliseconds spent in each stage so far (benchmarks read these). */
  readonly stageMs: Record<StageName, number> = { normalize: 0, language: 0, quality: 0, exactDedup: 0, nearDedup: 0, pii: 0 };
  private readonly exact = new ExactDeduplicator();
  private readonly near: LshIndex;
  private readonly report: ReportBuilder;

  constructor(settings: CleaningSettingsInput = {}, options: PipelineOptions = {}) {
    this.settings = resolveSettings(settings);
    this.near = new LshIndex(this.settings.nearDedup);
    this.report = new ReportBuilder(this.settings, options.estimateTokens ?? ((text) => Buffer.byteLength(text) / 4));
  }

  process(document: SourceDocument): CleaningOutcome {
    const outcome = this.decide(document);
    this.report.add(Buffer.byteLength(document.text), outcome);
    return outcome;
  }

  buildReport(): CleaningReport {
    return this.report.build();
  }

  private decide({ id: documentId, text: rawText, metadata }: SourceDocument): CleaningOutcome {
    const s = this.settings;
    const text = s.normalize.enabled ? this.timed('normalize', () => normalizeText(rawText)) : rawText;

    let language: string | undefined;
    if (s.language.enabled) {
      const guess = this.timed('language', () => identifyLanguage(text, s.language.sampleChars));
      language = guess.language;
      if (s.language.keep.length > 0 && !s.language.keep.includes(language))
        return { decision: { documentId, status: 'removed', language, rule: 'language_not_kept', figure: guess.confidence } };
    }

    if (s.quality.enabled) {
      const failed = this.timed('quality', () => checkQuality(text, s.quality));
      if (failed) return { decision: { documentId, status: 'removed', language, ...failed } };
    }

    if (s.exactDedup.enabled) {
      const first = this.timed('exactDedup', () => this.exact.check(documentId, text));
      if (first !== null)
        return { decision: { documentId, status: 'removed', language, rule: 'exact_duplicate', figure: 1, duplicateOf: first } };
    }

    if (s.nearDedup.enabled) {
      const match = this.timed('nearDedup', () => this.near.checkAndAdd(documentId, text));
      if (match)
        return {
          decision: {
            documentId,
            status: 'removed',
            language,
            rule: 'near_duplicate',
            figure: match.jaccard,
            limit: s.nearDedup.minJaccard,
            duplicateOf: match.duplicateOf,
          },
        };
    }

    const output = { id: documentId, text, metadata, language };
    if (s.pii.enabled) {
      const redaction = this.timed('pii', () => redactPii(text));
      if (redaction.total > 0)
        return {
          decision: { documentId, status: 'redacted', language, pii: redaction.counts },
          output: { ...output, text: redaction.text },
        };
    }
    return { decision: { documentId, status: 'kept', language }, output };
  }

  private timed<T>(stage: StageName, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.stageMs[stage] += performance.now() - started;
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
