/** What a crawl job carries through Redis: only the run's id; the settings are on the run in Postgres. */
export type CrawlJobPayload = { runId: string; tenantId: string };
