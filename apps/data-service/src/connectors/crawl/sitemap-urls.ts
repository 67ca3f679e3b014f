import { XMLParser } from 'fast-xml-parser';
import { fetchPage, FetchLimits } from './page-fetcher';

const SITEMAP_MAX_BYTES = 50 * 1024 ** 2;
const MAX_NESTED_SITEMAPS = 50;

/**
 * Page URLs of a sitemap (sitemaps.org): a urlset's locs, or a sitemap index's sitemaps read one level down. At most
 * `maxUrls`, and a sitemap that cannot be fetched or parsed contributes none.
 */
export async function sitemapUrls(sitemap: URL, limits: FetchLimits, maxUrls: number): Promise<URL[]> {
  const urls: URL[] = [];
  const pending = [sitemap];
  let sitemapsRead = 0;
  while (pending.length > 0 && urls.length < maxUrls && sitemapsRead <= MAX_NESTED_SITEMAPS) {
    const next = pending.shift() as URL;
    sitemapsRead++;
    const outcome = await fetchPage(next, { ...limits, maxBytes: SITEMAP_MAX_BYTES });
    if (outcome.kind !== 'body' || outcome.status !== 200) continue;
    let document: { urlset?: { url?: Entry | Entry[] }; sitemapindex?: { sitemap?: Entry | Entry[] } };
    try {
      document = new XMLParser({ processEntities: false }).parse(outcome.body.toString('utf8'));
    } catch {
      continue;
    }
    for (const entry of list(document.urlset?.url)) if (urls.length < maxUrls) pushUrl(urls, entry.loc, next);
    // Only the first sitemap may be an index: a nested index would let a sitemap fan out without end.
    if (next === sitemap) for (const entry of list(document.sitemapindex?.sitemap)) pushUrl(pending, entry.loc, next);
  }
  return urls;
}

type Entry = { loc?: unknown };

function list(entries: Entry | Entry[] | undefined): Entry[] {
  return entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
}

function pushUrl(into: URL[], loc: unknown, base: URL) {
  if (typeof loc !== 'string' || !URL.canParse(loc.trim(), base.href)) return;
  const url = new URL(loc.trim(), base);
  if (url.protocol === 'http:' || url.protocol === 'https:') into.push(url);
}
