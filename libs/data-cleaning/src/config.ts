import { createHash } from 'node:crypto';
import { z } from 'zod';
import { contaminationSettingsSchema } from './contamination/contamination-settings';

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
      keep: z.array(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code')).default([]),
      /**
       * Characters from the start of a document the identifier reads: its cost grows with them, and on the generated
       * corpus 200 identify as well as 400 (1.0 vs 0.993) at half the time.
       */
      sampleChars: z.number().int().min(32).max(10_000).default(200),
    })
    .default({ enabled: true, keep: [], sampleChars: 200 }),
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
