/** What a cleaning job carries through Redis: only the run's id; everything else is in Postgres. */
export type CleanCorpusJobPayload = { runId: string; tenantId: string };
