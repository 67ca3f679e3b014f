/** How far a crawl got, kept on its connector run (and read by the dashboard, which must not import the crawler). */
export type CrawlProgress = { pagesFetched: number; bytesFetched: number; queued: number; stoppedBy: string | null };
