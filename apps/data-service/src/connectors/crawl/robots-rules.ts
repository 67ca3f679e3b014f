import robotsParser from 'robots-parser';
import { CRAWLER_USER_AGENT, fetchPage, FetchLimits } from './page-fetcher';

export type RobotsRules = { allows(url: URL): boolean; crawlDelayMs: number | undefined };

const ROBOTS_MAX_BYTES = 500 * 1024;
const MAX_CRAWL_DELAY_MS = 60_000;

/**
 * An origin's robots.txt as RFC 9309 reads it: fetched once (following up to 5 redirects), a 4xx means no rules, a
 * 5xx or an unreachable server means everything is disallowed, and only the first 500 KiB are parsed.
 */
export async function fetchRobotsRules(origin: string, limits: FetchLimits): Promise<RobotsRules> {
  let url = new URL('/robots.txt', origin);
  for (let hop = 0; hop <= 5; hop++) {
    const outcome = await fetchPage(url, { ...limits, maxBytes: ROBOTS_MAX_BYTES });
    if (outcome.kind === 'redirect') {
      url = new URL(outcome.location, url);
      continue;
    }
    if (outcome.kind === 'body' && outcome.status >= 400 && outcome.status < 500) return allowAll;
    if (outcome.kind !== 'body' || outcome.status >= 500) return disallowAll;
    const robots = robotsParser(url.href, outcome.body.toString('utf8'));
    const delay = robots.getCrawlDelay(CRAWLER_USER_AGENT);
    return {
      allows: (target) => robots.isAllowed(target.href, CRAWLER_USER_AGENT) !== false,
      crawlDelayMs: delay === undefined ? undefined : Math.min(delay * 1000, MAX_CRAWL_DELAY_MS),
    };
  }
  return disallowAll;
}

const allowAll: RobotsRules = { allows: () => true, crawlDelayMs: undefined };
const disallowAll: RobotsRules = { allows: () => false, crawlDelayMs: undefined };
