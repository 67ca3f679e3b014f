import { z } from 'zod';

const httpUrl = z
  .string()
  .max(2000)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an absolute http(s) URL');

/** A crawl: where it starts, what it may reach, how much it may take, how gently it asks. */
export const crawlSettings = z
  .strictObject({
    seeds: z.array(httpUrl).max(100, 'give at most 100 seeds').default([]),
    sitemap: httpUrl.optional(),
    scope: z
      .strictObject({
        /** Follow links only to the hosts of the seeds and the sitemap. */
        sameHost: z.boolean().default(true),
        /** When given, only URLs whose path starts with one of these. */
        pathPrefixes: z.array(z.string().startsWith('/').max(500)).max(50).default([]),
        /** Links followed from a seed (depth 0). */
        maxDepth: z.number().int().min(0).max(20).default(3),
      })
      .prefault({}),
    limits: z
      .strictObject({
        maxPages: z.number().int().min(1).max(100_000).default(1_000),
        /** Body bytes fetched in all, pages over it are not kept. */
        maxBytes: z.number().int().min(1024).max(10 * 1024 ** 3).default(512 * 1024 ** 2),
        /** One page's body; larger pages are dropped while they download. */
        maxPageBytes: z.number().int().min(1024).max(64 * 1024 ** 2).default(4 * 1024 ** 2),
        /** One page's whole exchange. */
        pageTimeoutMs: z.number().int().min(500).max(120_000).default(15_000),
      })
      .prefault({}),
    politeness: z
      .strictObject({
        /** Pause between two requests to one host (robots.txt's Crawl-delay wins when longer, up to 60 s). */
        perHostDelayMs: z.number().int().min(50).max(60_000).default(1_000),
        perHostConcurrency: z.number().int().min(1).max(8).default(1),
        /** Requests in flight across all hosts. */
        concurrency: z.number().int().min(1).max(32).default(4),
      })
      .prefault({}),
  })
  .refine((settings) => settings.seeds.length > 0 || settings.sitemap, 'give seeds, a sitemap, or both');

export type CrawlSettings = z.output<typeof crawlSettings>;
