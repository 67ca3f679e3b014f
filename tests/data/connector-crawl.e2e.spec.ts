import { infraEnv, ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { Queue } from 'bullmq';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { call, issueKey } from './data-api';
import { LoopbackSite } from './loopback-site';

type Run = {
  id: string;
  status: string;
  documents: number;
  skipped: Record<string, number>;
  progress: { pagesFetched: number; bytesFetched: number; stoppedBy: string | null };
  corpusId: string | null;
  error: string | null;
};
type Corpus = { id: string; sha256: string; documents: number };

const DELAY_MS = 150;

describe('data-service web crawl: a queued job over a site on loopback, robots obeyed, every page once, limits held', () => {
  const stack = new ServiceStack();
  const site = new LoopbackSite();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'crawl-e2e-blobs-'));
  let service: ServiceProcess;
  let base: string;
  let key: string;
  let tenantId: string;

  const settings = (overrides: object = {}) => ({
    seeds: [`${site.origin}/`],
    sitemap: `${site.origin}/sitemap.xml`,
    scope: { maxDepth: 3 },
    limits: { maxPageBytes: 1024 * 1024, pageTimeoutMs: 1_000 },
    politeness: { perHostDelayMs: DELAY_MS, perHostConcurrency: 1, concurrency: 4 },
    ...overrides,
  });
  const finished = (id: string) =>
    waitUntil(
      async () => (await call<Run>(base, key, 'GET', `/connectors/runs/${id}`)).body,
      (run) => !['queued', 'running'].includes(run.status),
      { what: `crawl ${id} to finish`, timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    await site.start();
    service = await stack.add('data-service', {
      BLOB_STORE_DIR: blobRoot,
      QUEUE_PREFIX: `test:${stack.topicPrefix}`,
      CRAWL_ALLOW_PRIVATE_TARGETS: 'true',
    });
    await stack.startAll();
    base = service.baseUrl;
    ({ key, tenantId } = await issueKey(stack));
  });
  afterAll(async () => {
    await stack.teardown();
    await site.stop();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  it('crawls the site into a corpus: each page once, robots.txt obeyed, skips with reasons, politeness kept', async () => {
    const started = await call<Run>(base, key, 'POST', '/connectors/crawls', settings());
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    const run = await finished(started.body.id);
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.documents).toBe(LoopbackSite.documentPaths.length);
    expect(run.skipped).toEqual({ robots_disallowed: 1, redirect_loop: 1, duplicate: 1, too_large: 1, not_html: 1, timeout: 1 });

    // Every path at most once; the forbidden and the too-deep ones never.
    const counts = new Map<string, number>();
    for (const request of site.requests) counts.set(request.path, (counts.get(request.path) ?? 0) + 1);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(site.countOf('/private/secret')).toBe(0);
    expect(site.countOf('/deep/4')).toBe(0);
    for (const pagePath of LoopbackSite.documentPaths) expect(site.countOf(pagePath)).toBe(1);

    // One request at a time to the host, each starting at least the delay after the one before ended (the site sees a
    // response end a few milliseconds after the crawler does: the socket closes after the crawler has read it). The
    // crawler stops reading /huge at its page-size limit while the site still writes it, so the site hears that socket
    // close whenever its own loop gets to it (tens of milliseconds later on a loaded machine): the gap after /huge is
    // counted from its start, when the crawler's turn for the host began.
    const pages = site.requests.filter((request) => request.path !== '/robots.txt' && request.path !== '/sitemap.xml');
    pages.sort((a, b) => a.start - b.start);
    const turnEnded = (page: (typeof pages)[number]) => (page.path === '/huge' ? page.start : page.end);
    for (let i = 1; i < pages.length; i++)
      expect({ path: pages[i].path, after: pages[i - 1].path, gap: pages[i].start - turnEnded(pages[i - 1]) >= DELAY_MS - 25 }).toEqual({
        path: pages[i].path,
        after: pages[i - 1].path,
        gap: true,
      });

    const corpus = (await call<Corpus>(base, key, 'GET', `/corpora/${run.corpusId}`)).body;
    const stored = readFileSync(path.join(blobRoot, 'tenants', tenantId, 'corpora', `${corpus.sha256}.jsonl`), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { url: string; text: string; httpStatus: number; fetchedAt: string });
    expect(stored.map((document) => new URL(document.url).pathname).sort()).toEqual([...LoopbackSite.documentPaths].sort());
    for (const document of stored) {
      expect(document.httpStatus).toBe(200);
      expect(Date.parse(document.fetchedAt)).toBeGreaterThan(Date.now() - 120_000);
      expect(document.text).toContain(`The ${new URL(document.url).pathname} page holds a paragraph`);
      expect(document.text).not.toContain('/private/secret');
    }
  });

  it('re-crawls conditionally: unchanged pages answer 304 and make no new documents', async () => {
    site.requests.length = 0;
    const run = await finished((await call<Run>(base, key, 'POST', '/connectors/crawls', settings())).body.id);
    expect(run.status).toBe('succeeded');
    expect(run.documents).toBe(0);
    expect(run.corpusId).toBeNull();
    expect(run.skipped.not_modified).toBe(LoopbackSite.documentPaths.length);
    for (const pagePath of LoopbackSite.documentPaths)
      expect(site.requests.find((request) => request.path === pagePath)?.ifNoneMatch).toBe(`"v1${pagePath}"`);
  });

  it('stops at the page limit', async () => {
    const run = await finished(
      (await call<Run>(base, key, 'POST', '/connectors/crawls', settings({ limits: { maxPages: 2, pageTimeoutMs: 1_000 }, sitemap: undefined }))).body.id,
    );
    expect(run.status).toBe('succeeded');
    const items = run.documents + Object.values(run.skipped).reduce((sum, count) => sum + count, 0);
    expect(items).toBe(2);
    expect(run.progress.stoppedBy).toBe('max_pages');
  });

  it('cancels a running crawl, leaving no corpus', async () => {
    const started = await call<Run>(base, key, 'POST', '/connectors/crawls', settings({ politeness: { perHostDelayMs: 2_000 } }));
    await waitUntil(
      async () => (await call<Run>(base, key, 'GET', `/connectors/runs/${started.body.id}`)).body,
      (run) => run.status === 'running',
      { what: 'the crawl to start', timeoutMs: 30_000 },
    );
    // Pages only: robots.txt and the sitemap are read once when the crawl starts, which may be just after it shows as running.
    const pagesFetched = () => site.requests.filter((request) => request.path !== '/robots.txt' && request.path !== '/sitemap.xml').length;
    const fetchedBeforeCancel = pagesFetched();
    const cancelled = await call<Run>(base, key, 'POST', `/connectors/runs/${started.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await call<Run>(base, key, 'POST', `/connectors/runs/${started.body.id}/cancel`);
    expect(again.status).toBe(409);
    // The job notices within a page or two and ends: nothing fetches for the run after that.
    const queue = new Queue('data.crawl', { connection: { url: infraEnv().REDIS_URL }, prefix: `test:${stack.topicPrefix}` });
    try {
      await waitUntil(() => queue.getJobState(started.body.id), (state) => state === 'completed' || state === 'failed', { what: 'the crawl job to end', timeoutMs: 30_000 });
    } finally {
      await queue.close();
    }
    expect(pagesFetched() - fetchedBeforeCancel).toBeLessThanOrEqual(2);
    expect((await call<Run>(base, key, 'GET', `/connectors/runs/${started.body.id}`)).body).toMatchObject({ status: 'cancelled', corpusId: null });
  });

  it('refuses crawl settings that name no start or break a bound, saying what to fix', async () => {
    const cases: [object, RegExp][] = [
      [{ seeds: [] }, /seeds, a sitemap/],
      [{ seeds: ['ftp://example.org/'] }, /http\(s\) URL/],
      [{ seeds: ['https://example.org/'], limits: { maxPages: 0 } }, /maxPages/],
      [{ seeds: ['https://example.org/'], politeness: { perHostDelayMs: 1 } }, /perHostDelayMs/],
    ];
    for (const [body, message] of cases) {
      const response = await call<{ message: unknown }>(base, key, 'POST', '/connectors/crawls', body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(message);
    }
  });
});
