import { CleaningSettings, settingsHash } from './config';
import { lshCurve } from './dedup/lsh-index';
import { CleaningOutcome, PII_TYPES, PiiCounts } from './decision';

export type DuplicateCluster = { kept: string; duplicates: string[] };

export type CleaningReport = {
  documentsIn: number;
  bytesIn: number;
  documentsOut: number;
  bytesOut: number;
  redactedDocuments: number;
  removedByRule: Record<string, number>;
  languages: Record<string, number>;
  /** Documents in more than one language, by their languages joined with `+` (largest first). */
  mixedLanguageDocuments: Record<string, number>;
  /**
   * Documents whose language has no quality thresholds (or is `und`), by language: they were judged by the
   * script-independent quality rules only (no word-length bounds).
   */
  scriptIndependentQuality: Record<string, number>;
  pii: PiiCounts;
  duplicateClusterCount: number;
  /** The largest clusters, each naming the kept document and the ones removed as its duplicates. */
  largestDuplicateClusters: DuplicateCluster[];
  estimatedTokens: number;
  settings: CleaningSettings;
  settingsHash: string;
  nearDuplicateCatchCurve: { jaccard: number; probability: number }[];
  /** Documents per tenth of the quality classifier's score ([0, 0.1) … [0.9, 1]), when one was applied. */
  qualityScoreHistogram?: number[];
};

const CLUSTERS_SHOWN = 50;

/** Adds up decisions as they stream past; keeps only counters and duplicate-cluster membership (ids). */
export class ReportBuilder {
  private documentsIn = 0;
  private bytesIn = 0;
  private documentsOut = 0;
  private bytesOut = 0;
  private redacted = 0;
  private estimatedTokens = 0;
  private readonly removedByRule: Record<string, number> = {};
  private readonly languages: Record<string, number> = {};
  private readonly mixed: Record<string, number> = {};
  private readonly scriptIndependent: Record<string, number> = {};
  private readonly pii: PiiCounts = {};
  private readonly clusters = new Map<string, string[]>();
  private readonly scoreBins = new Array<number>(10).fill(0);

  constructor(
    private readonly settings: CleaningSettings,
    private readonly estimateTokens: (text: string) => number,
  ) {}

  add(inputBytes: number, { decision, output }: CleaningOutcome): void {
    this.documentsIn++;
    this.bytesIn += inputBytes;
    if (decision.qualityScore !== undefined) this.scoreBins[Math.min(9, Math.floor(decision.qualityScore * 10))]++;
    if (decision.language) this.languages[decision.language] = (this.languages[decision.language] ?? 0) + 1;
    if (decision.mixedLanguages) increment(this.mixed, decision.mixedLanguages.map((part) => part.language).join('+'));
    if (decision.qualityRules === 'script_independent') increment(this.scriptIndependent, decision.language ?? 'und');
    if (decision.status === 'removed') {
      this.removedByRule[decision.rule] = (this.removedByRule[decision.rule] ?? 0) + 1;
      if (decision.duplicateOf) {
        const members = this.clusters.get(decision.duplicateOf) ?? [];
        members.push(decision.documentId);
        this.clusters.set(decision.duplicateOf, members);
      }
    }
    if (decision.status === 'redacted') {
      this.redacted++;
      for (const type of PII_TYPES) if (decision.pii[type]) this.pii[type] = (this.pii[type] ?? 0) + decision.pii[type];
    }
    if (output) {
      this.documentsOut++;
      this.bytesOut += Buffer.byteLength(output.text);
      this.estimatedTokens += this.estimateTokens(output.text);
    }
  }

  build(): CleaningReport {
    const largest = [...this.clusters.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .slice(0, CLUSTERS_SHOWN)
      .map(([kept, duplicates]) => ({ kept, duplicates: duplicates.slice(0, CLUSTERS_SHOWN) }));
    return {
      documentsIn: this.documentsIn,
      bytesIn: this.bytesIn,
      documentsOut: this.documentsOut,
      bytesOut: this.bytesOut,
      redactedDocuments: this.redacted,
      removedByRule: { ...this.removedByRule },
      languages: { ...this.languages },
      mixedLanguageDocuments: { ...this.mixed },
      scriptIndependentQuality: { ...this.scriptIndependent },
      pii: { ...this.pii },
      duplicateClusterCount: this.clusters.size,
      largestDuplicateClusters: largest,
      estimatedTokens: Math.round(this.estimatedTokens),
      settings: this.settings,
      settingsHash: settingsHash(this.settings),
      nearDuplicateCatchCurve: lshCurve(this.settings.nearDedup.bands, this.settings.nearDedup.rows),
      ...(this.settings.qualityClassifier.enabled ? { qualityScoreHistogram: [...this.scoreBins] } : {}),
    };
  }
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
