import { parseHTML } from 'linkedom';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeHtml, htmlMainContent, isHtml } from '../html-main-content';
import { ImportedItem } from '../import-settings';
import { CrawlSettings } from './crawl-settings';
import { fetchPage, FetchLimits, PageMemory } from './page-fetcher';
import { fetchRobotsRules, RobotsRules } from './robots-rules';
import { sitemapUrls } from './sitemap-urls';
import { CrawlProgress } from './crawl-progress';

const MAX_REDIRECTS = 5;
const MAX_LINKS_KEPT = 1000;


type Task = { url: URL; depth: number };
/** A host's politeness state: requests in flight, and when the last one started and ended (the delay runs from both). */
type HostState = { active: number; lastStart: number; lastEnd: number; robots: Promise<RobotsRules> | null; delayMs: number };
type Outcome = { items: ImportedItem[]; links: Task[] };

/**
 * A breadth-first crawl that yields one item per page: the page's main-content text with its URL, fetch time and HTTP
 * status, or the reason it was skipped. Every URL is fetched at most once (fragments dropped; redirect targets count
 * as seen); robots.txt is read once per origin and obeyed; each host gets at most `perHostConcurrency` requests at a
 * time, started at least the politeness delay apart; the page, byte and time limits stop it. `stop()` ends it early.
 */
export class SiteCrawler {
  readonly progress: CrawlProgress = { pagesFetched: 0, bytesFetched: 0, queued: 0, stoppedBy: null };
  /** ETag / Last-Modified and links of the pages fetched, for the next crawl's conditional requests. */
  readonly pages = new Map<string, PageMemory>();
  private readonly frontier: Task[] = [];
  private readonly seen = new Set<string>();
  private readonly hosts = new Map<string, HostState>();
  private readonly scopeHosts: Set<string>;
  private readonly fetchLimits: FetchLimits;
  private pagesStarted = 0;
  private stopped = false;

  constructor(
    private readonly settings: CrawlSettings,
    options: { allowPrivate: boolean; deadline: number; previousPages: Map<string, PageMemory> },
  ) {
    this.fetchLimits = { maxBytes: settings.limits.maxPageBytes, timeoutMs: settings.limits.pageTimeoutMs, allowPrivate: options.allowPrivate };
    this.deadline = options.deadline;
    this.previousPages = options.previousPages;
    this.scopeHosts = new Set([...settings.seeds, ...(settings.sitemap ? [settings.sitemap] : [])].map((url) => new URL(url).host));
  }

  private readonly deadline: number;
  private readonly previousPages: Map<string, PageMemory>;

  stop(reason: string): void {
    this.stopped = true;
    this.progress.stoppedBy ??= reason;
  }

  async *crawl(): AsyncGenerator<ImportedItem> {
    for (const seed of this.settings.seeds) this.enqueue(new URL(seed), 0);
    if (this.settings.sitemap)
      for (const url of await sitemapUrls(new URL(this.settings.sitemap), this.fetchLimits, this.settings.limits.maxPages))
        if (this.inScope(url)) this.enqueue(url, 0);
    // Each visit resolves to itself and its outcome, and leaves the set only when its outcome is taken.
    type Visit = Promise<{ visit: Visit; outcome: Outcome }>;
    const inFlight = new Set<Visit>();
    while (!this.stopped) {
      if (Date.now() > this.deadline) this.stop('time_limit');
      for (let task = this.takeReady(); task && inFlight.size < this.settings.politeness.concurrency && !this.stopped; task = this.takeReady()) {
        const visit: Visit = this.visit(task).then((outcome) => ({ visit, outcome }));
        inFlight.add(visit);
        if (inFlight.size >= this.settings.politeness.concurrency) break;
      }
      if (inFlight.size === 0 && this.frontier.length === 0) break;
      const finished = await Promise.race([...inFlight, sleep(this.nextReadyInMs()).then(() => null)]);
      if (!finished) continue;
      inFlight.delete(finished.visit);
      for (const link of finished.outcome.links) this.enqueue(link.url, link.depth);
      yield* finished.outcome.items;
    }
    // Stopped early: the pages already in flight finish (their bytes were spent) but their links are not followed.
    for (const { outcome } of await Promise.all(inFlight)) yield* outcome.items;
    this.progress.queued = this.frontier.length;
  }

  private enqueue(url: URL, depth: number) {
    url.hash = '';
    if (this.seen.has(url.href)) return;
    this.seen.add(url.href);
    this.frontier.push({ url, depth });
    this.progress.queued = this.frontier.length;
  }

  private inScope(url: URL): boolean {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (this.settings.scope.sameHost && !this.scopeHosts.has(url.host)) return false;
    const prefixes = this.settings.scope.pathPrefixes;
    return prefixes.length === 0 || prefixes.some((prefix) => url.pathname.startsWith(prefix));
  }

  private host(url: URL): HostState {
    let state = this.hosts.get(url.host);
    if (!state) {
      state = { active: 0, lastStart: 0, lastEnd: 0, robots: null, delayMs: this.settings.politeness.perHostDelayMs };
      this.hosts.set(url.host, state);
    }
    return state;
  }

  /** The first queued task whose host may take a request now, removed from the frontier. */
  private takeReady(): Task | undefined {
    if (this.pagesStarted >= this.settings.limits.maxPages) {
      if (this.frontier.length > 0) this.stop('max_pages');
      return undefined;
    }
    const now = Date.now();
    const index = this.frontier.findIndex(({ url }) => {
      const host = this.host(url);
      return host.active < this.settings.politeness.perHostConcurrency && now >= this.turnAt(host);
    });
    if (index === -1) return undefined;
    const [task] = this.frontier.splice(index, 1);
    this.pagesStarted++;
    return task;
  }

  private nextReadyInMs(): number {
    const now = Date.now();
    const waits = this.frontier.map(({ url }) => Math.max(0, this.turnAt(this.host(url)) - now));
    return Math.max(10, Math.min(1000, ...waits));
  }

  /** Fetches one page (its robots.txt first, once per origin), following redirects that stay in scope. */
  private async visit(task: Task): Promise<Outcome> {
    const host = this.host(task.url);
    host.active++;
    host.lastStart = Date.now();
    try {
      let url = task.url;
      const chain = new Set([url.href]);
      for (let hop = 0; ; hop++) {
        if (!(await this.robotsAllow(url))) return skipped('robots_disallowed');
        // A redirect's next hop is another request to a host: it waits its turn like any.
        if (hop > 0) await this.waitForTurn(this.host(url));
        const fetchedAt = new Date().toISOString();
        const previous = this.previousPages.get(url.href);
        const outcome = await fetchPage(url, this.fetchLimits, { validators: previous, accept: isHtml });
        this.host(url).lastEnd = Date.now();
        this.progress.pagesFetched++;
        if (outcome.kind === 'failed') return skipped(outcome.reason);
        if (outcome.kind === 'not_modified') {
          const links = previous && task.depth < this.settings.scope.maxDepth ? this.inScopeLinks(previous.links, url, task.depth + 1) : [];
          if (previous) this.pages.set(url.href, previous);
          return { items: [{ skipped: 'not_modified' }], links };
        }
        if (outcome.kind === 'redirect') {
          const target = new URL(outcome.location, url);
          target.hash = '';
          if (chain.has(target.href)) return skipped('redirect_loop');
          if (hop >= MAX_REDIRECTS) return skipped('too_many_redirects');
          if (!this.inScope(target)) return skipped('out_of_scope');
          // A target another task already fetches (or will) is that task's page, not this one's.
          if (this.seen.has(target.href)) return skipped('duplicate');
          this.seen.add(target.href);
          chain.add(target.href);
          url = target;
          continue;
        }
        if (this.progress.bytesFetched + outcome.body.length > this.settings.limits.maxBytes) {
          this.stop('max_bytes');
          return skipped('byte_limit');
        }
        this.progress.bytesFetched += outcome.body.length;
        if (outcome.status < 200 || outcome.status >= 300) return skipped('http_error');
        const html = decodeHtml(outcome.body, outcome.headers['content-type']);
        const hrefs = this.hrefs(html);
        const memory: PageMemory = { links: hrefs.slice(0, MAX_LINKS_KEPT) };
        if (typeof outcome.headers.etag === 'string') memory.etag = outcome.headers.etag;
        if (typeof outcome.headers['last-modified'] === 'string') memory.lastModified = outcome.headers['last-modified'];
        if (memory.etag || memory.lastModified) this.pages.set(url.href, memory);
        const links = task.depth < this.settings.scope.maxDepth ? this.inScopeLinks(hrefs, url, task.depth + 1) : [];
        const content = htmlMainContent(html, url.href);
        const item: ImportedItem = content
          ? { text: content.text, metadata: { url: url.href, fetchedAt, httpStatus: outcome.status, title: content.title, depth: task.depth } }
          : { skipped: 'no_main_content' };
        return { items: [item], links };
      }
    } finally {
      host.active--;
    }
  }

  private async robotsAllow(url: URL): Promise<boolean> {
    const host = this.host(url);
    host.robots ??= fetchRobotsRules(url.origin, this.fetchLimits).then((rules) => {
      if (rules.crawlDelayMs !== undefined) host.delayMs = Math.max(host.delayMs, rules.crawlDelayMs);
      return rules;
    });
    return (await host.robots).allows(url);
  }

  /**
   * When the host may take its next request: the delay after the last start and after the last end, so a slow answer
   * does not let the next request follow on its heels.
   */
  private turnAt(host: HostState): number {
    return Math.max(host.lastStart, host.lastEnd) + host.delayMs;
  }

  private async waitForTurn(host: HostState) {
    const wait = this.turnAt(host) - Date.now();
    if (wait > 0) await sleep(wait);
    host.lastStart = Date.now();
  }

  /** The hrefs of a page's followable links (rel=nofollow left out), as written. */
  private hrefs(html: string): string[] {
    const { document } = parseHTML(html);
    return [...document.querySelectorAll('a[href]')]
      .filter((anchor) => !/\bnofollow\b/i.test(anchor.getAttribute('rel') ?? ''))
      .map((anchor) => anchor.getAttribute('href') ?? '');
  }

  private inScopeLinks(hrefs: string[], base: URL, depth: number): Task[] {
    return hrefs
      .filter((href) => URL.canParse(href, base.href))
      .map((href) => ({ url: new URL(href, base), depth }))
      .filter(({ url }) => this.inScope(url));
  }
}

function skipped(reason: Extract<ImportedItem, { skipped: unknown }>['skipped']): Outcome {
  return { items: [{ skipped: reason }], links: [] };
}
