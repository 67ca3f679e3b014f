import { performance } from 'node:perf_hooks';
import { CleaningSettings } from './config';
import { exactDigest } from './dedup/exact-dedup';
import { MinHasher } from './dedup/minhash';
import { DocumentLanguage, Removal, SourceDocument } from './decision';
import { identifyLanguage } from './stages/language';
import { normalizeText } from './stages/normalize';
import { Redaction, redactPii } from './stages/pii';
import { checkQuality } from './stages/quality';
import { thresholdsFor } from './stages/quality-thresholds';
import { QualityModel, scoreQuality } from './classifier/logistic-regression';

export const STAGES = ['normalize', 'language', 'quality', 'qualityClassifier', 'exactDedup', 'nearDedup', 'pii'] as const;
export type StageName = (typeof STAGES)[number];
export type StageTimes = Record<StageName, number>;

export function emptyStageTimes(): StageTimes {
  return { normalize: 0, language: 0, quality: 0, qualityClassifier: 0, exactDedup: 0, nearDedup: 0, pii: 0 };
}

/**
 * What the per-document (stateless) stages found: the normalized text, the language, a filter's removal, and what
 * deduplication and redaction will need. Only the dedup indexes depend on earlier documents, so this part can run on
 * any thread, in any order.
 */
export type PreparedDocument = {
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
  inputBytes: number;
  /** The language labels every decision on this document carries. */
  labels: DocumentLanguage;
  /** The quality classifier's score, when one is applied: recorded on the document's decision whatever it is. */
  qualityScore?: number;
  /** Set when the language keep-list or a quality rule removes the document (nothing further is computed then). */
  removal?: Removal;
  digest?: string;
  signature?: Uint32Array;
  redaction?: Redaction;
};

/** Runs the stateless stages for one document, timing each. */
export class DocumentPreparer {
  readonly stageMs = emptyStageTimes();
  private readonly hasher: MinHasher;

  constructor(
    private readonly settings: CleaningSettings,
    private readonly qualityModel?: QualityModel,
  ) {
    if (settings.qualityClassifier.enabled && !qualityModel) throw new Error('the quality classifier is enabled but no model was given');
    this.hasher = new MinHasher(settings.nearDedup.bands * settings.nearDedup.rows, settings.nearDedup.shingleWords);
  }

  /** Filters and dedup keys; PII is left to {@link redact} so a serial run redacts only what dedup keeps. */
  prepare({ id, text: rawText, metadata }: SourceDocument): PreparedDocument {
    const s = this.settings;
    const inputBytes = Buffer.byteLength(rawText);
    const text = s.normalize.enabled ? this.timed('normalize', () => normalizeText(rawText)) : rawText;
    const prepared: PreparedDocument = { id, text, metadata, inputBytes, labels: {} };
    const model = s.qualityClassifier.enabled ? this.qualityModel : undefined;
    // Scored before any filter, so every decision carries the score; removal happens after the heuristic filters.
    if (model) prepared.qualityScore = this.timed('qualityClassifier', () => scoreQuality(model, text));

    let languages: string[] | undefined;
    if (s.language.enabled) {
      const guess = this.timed('language', () => identifyLanguage(text, s.language.sampleChars, s.language));
      prepared.labels.language = guess.language;
      if (guess.mixed) prepared.labels.mixedLanguages = guess.mixed;
      languages = guess.mixed ? guess.mixed.map((part) => part.language) : guess.language === 'und' ? [] : [guess.language];
      if (s.language.keep.length > 0 && !s.language.keep.includes(guess.language)) {
        prepared.removal = { rule: 'language_not_kept', figure: guess.confidence };
        return prepared;
      }
    }
    if (s.quality.enabled) {
      const thresholds = thresholdsFor(languages, s.quality);
      if (!thresholds) prepared.labels.qualityRules = 'script_independent';
      const failed = this.timed('quality', () =>
        thresholds ? checkQuality(text, thresholds) : checkQuality(text, s.quality, 'script_independent'),
      );
      if (failed) {
        prepared.removal = failed;
        return prepared;
      }
    }
    if (prepared.qualityScore !== undefined && prepared.qualityScore < s.qualityClassifier.threshold) {
      prepared.removal = { rule: 'quality_classifier', figure: prepared.qualityScore, limit: s.qualityClassifier.threshold };
      return prepared;
    }
    if (s.exactDedup.enabled) prepared.digest = this.timed('exactDedup', () => exactDigest(text));
    if (s.nearDedup.enabled) prepared.signature = this.timed('nearDedup', () => this.hasher.signature(text));
    return prepared;
  }

  redact(prepared: PreparedDocument): Redaction | undefined {
    if (!this.settings.pii.enabled) return undefined;
    return this.timed('pii', () => redactPii(prepared.text));
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
