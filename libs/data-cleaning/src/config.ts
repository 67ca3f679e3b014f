import { createHash } from 'node:crypto';
import { z } from 'zod';
import { contaminationSettingsSchema } from './contamination/contamination-settings';

const languageCode = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code');
const languageThresholds = z.strictObject({
  minWords: z.number().int().nonnegative().optional(),
  minMeanWordLength: z.number().nonnegative().optional(),
  maxMeanWordLength: z.number().positive().optional(),
});

/**
 * Every stage of a cleaning run, with its switch and thresholds. A run's settings are stored beside the dataset version
 * it produced (with their hash), so the same settings over the same corpora reproduce the same decisions.
 */
export const cleaningSettingsSchema = z.strictObject({
  normalize: z
    .strictObject({ enabled: z.boolean().default(true) })
    .default({ enabled: true }),
  language: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** ISO 639-1 codes; empty keeps every language (the stage then only labels documents). */
      keep: z.array(languageCode).max(300).default([]),
      /**
       * Characters from the start of a document the identifier reads (CLD2 reads about 40 MB/s here, so 2,000 cost
       * some 50 µs); enough for a mixed document's second language to show.
       */
      sampleChars: z.number().int().min(32).max(100_000).default(2000),
      /** A guess whose language covers less than this share of the sample (or that CLD2 deems unreliable) is `und`. */
      minConfidence: z.number().min(0).max(1).default(0.5),
      /** A second language covering at least this share of the sample makes the document mixed (both are reported). */
      mixedMinShare: z.number().min(0).max(1).default(0.2),
    })
    .default({ enabled: true, keep: [], sampleChars: 2000, minConfidence: 0.5, mixedMinShare: 0.2 }),
  quality: z
    .strictObject({
      enabled: z.boolean().default(true),
      minWords: z.number().int().nonnegative().default(50),
      maxWords: z.number().int().positive().default(100_000),
      minMeanWordLength: z.number().nonnegative().default(3),
      maxMeanWordLength: z.number().positive().default(10),
      maxSymbolToWordRatio: z.number().nonnegative().default(0.1),
      maxEllipsisLineShare: z.number().min(0).max(1).default(0.3),
      maxBulletLineShare: z.number().min(0).max(1).default(0.9),
      maxDuplicateLineShare: z.number().min(0).max(1).default(0.3),
      maxTopNgramShare: z.number().min(0).max(1).default(0.2),
      maxDuplicateNgramShare: z.number().min(0).max(1).default(0.15),
      minAlphabeticWordShare: z.number().min(0).max(1).default(0.8),
      /**
       * Word-rule thresholds per language (ISO 639-1), over the built-in table (`LANGUAGE_THRESHOLDS`); a language in
       * neither is judged by the script-independent rules only.
       */
      byLanguage: z
        .record(languageCode, languageThresholds)
        .refine((table) => Object.keys(table).length <= 300, 'may name at most 300 languages')
        .default({}),
    })
    .default({
      enabled: true,
      minWords: 50,
      maxWords: 100_000,
      minMeanWordLength: 3,
      maxMeanWordLength: 10,
      maxSymbolToWordRatio: 0.1,
      maxEllipsisLineShare: 0.3,
      maxBulletLineShare: 0.9,
      maxDuplicateLineShare: 0.3,
      maxTopNgramShare: 0.2,
      maxDuplicateNgramShare: 0.15,
      minAlphabeticWordShare: 0.8,
      byLanguage: {},
    }),
  exactDedup: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  nearDedup: z
    .strictObject({
      enabled: z.boolean().default(true),
      shingleWords: z.number().int().min(1).max(16).default(5),
      bands: z.number().int().min(1).max(64).default(20),
      rows: z.number().int().min(1).max(32).default(5),
      /** A band collision is confirmed only when the signatures agree on at least this share (estimated Jaccard). */
      minJaccard: z.number().min(0).max(1).default(0.7),
    })
    .default({ enabled: true, shingleWords: 5, bands: 20, rows: 5, minJaccard: 0.7 }),
  pii: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  /**
   * A quality classifier version trained from the team's labels (data-service's quality-classifiers): every document
   * gets its score, and documents scoring below the threshold are removed. The service fills in the model's SHA-256,
   * so the settings hash names the exact model.
   */
  qualityClassifier: z
    .strictObject({
      enabled: z.boolean().default(false),
      classifierId: z.uuid().optional(),
      modelSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      threshold: z.number().min(0).max(1).default(0.5),
    })
    .refine((setting) => !setting.enabled || setting.classifierId, { message: 'name the classifierId to apply', path: ['classifierId'] })
    .default({ enabled: false, threshold: 0.5 }),
  contamination: contaminationSettingsSchema,
});

export type CleaningSettings = z.infer<typeof cleaningSettingsSchema>;
export type CleaningSettingsInput = z.input<typeof cleaningSettingsSchema>;

export function resolveSettings(input: CleaningSettingsInput = {}): CleaningSettings {
  return cleaningSettingsSchema.parse(input);
}

/** SHA-256 of the settings with keys in a fixed order: equal settings hash equally whatever order they came in. */
export function settingsHash(settings: CleaningSettings): string {
  return createHash('sha256').update(canonicalJson(settings)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
