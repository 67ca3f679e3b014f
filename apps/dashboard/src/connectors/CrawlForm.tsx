import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CheckboxField, TextArea, TextField } from '../components/fields';
import { ErrorMessage } from '../components/feedback';
import { Problems, useSubmit } from '../components/form-state';
import { useConnectorsApi } from './use-connectors-api';

const isHttpUrl = (text: string) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
const whole = (text: string, min: number, max: number) => /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;

/** A crawl from seed URLs and/or a sitemap, within a scope and limits; robots.txt and the per-host delay are the service's. */
export function CrawlForm() {
  const api = useConnectorsApi();
  const navigate = useNavigate();
  const [seeds, setSeeds] = useState('');
  const [sitemap, setSitemap] = useState('');
  const [sameHost, setSameHost] = useState(true);
  const [pathPrefixes, setPathPrefixes] = useState('');
  const [maxDepth, setMaxDepth] = useState('3');
  const [maxPages, setMaxPages] = useState('100');
  const seedList = () => seeds.split('\n').map((s) => s.trim()).filter(Boolean);
  const prefixList = () => pathPrefixes.split(',').map((s) => s.trim()).filter(Boolean);

  const validate = (): Problems => {
    const bad = seedList().filter((s) => !isHttpUrl(s));
    return {
      seeds: bad.length ? `Not an http(s) URL: ${bad.join(', ')}` : seedList().length === 0 && !sitemap.trim() ? 'Give at least one seed URL, or a sitemap' : undefined,
      sitemap: sitemap.trim() && !isHttpUrl(sitemap.trim()) ? 'Enter the sitemap’s http(s) URL' : undefined,
      pathPrefixes: prefixList().some((p) => !p.startsWith('/')) ? 'Each path prefix starts with /' : undefined,
      maxDepth: whole(maxDepth, 0, 20) ? undefined : 'Enter a whole depth from 0 to 20',
      maxPages: whole(maxPages, 1, 100_000) ? undefined : 'Enter a whole number of pages from 1 to 100,000',
    };
  };
  const form = useSubmit(
    validate,
    () =>
      api.startCrawl({
        seeds: seedList(),
        ...(sitemap.trim() ? { sitemap: sitemap.trim() } : {}),
        scope: { sameHost, pathPrefixes: prefixList(), maxDepth: Number(maxDepth) },
        limits: { maxPages: Number(maxPages) },
      }),
    (run) => navigate(`/connectors/runs/${run.id}`),
  );

  return (
    <section className="card" aria-labelledby="crawl-heading">
      <h2 id="crawl-heading">Crawl a website</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <TextArea label="Seed URLs (one a line)" rows={3} value={seeds} onChange={(e) => setSeeds(e.target.value)} error={form.problem('seeds')} />
        <div className="form-row">
          <TextField label="Sitemap URL (optional)" value={sitemap} onChange={(e) => setSitemap(e.target.value)} error={form.problem('sitemap')} />
          <TextField
            label="Path prefixes (optional, comma-separated)"
            value={pathPrefixes}
            onChange={(e) => setPathPrefixes(e.target.value)}
            error={form.problem('pathPrefixes', 'scope.pathPrefixes')}
          />
          <TextField label="Link depth" inputMode="numeric" value={maxDepth} onChange={(e) => setMaxDepth(e.target.value)} error={form.problem('maxDepth', 'scope.maxDepth')} />
          <TextField label="Most pages" inputMode="numeric" value={maxPages} onChange={(e) => setMaxPages(e.target.value)} error={form.problem('maxPages', 'limits.maxPages')} />
        </div>
        <CheckboxField label="Stay on the seeds’ hosts" checked={sameHost} onChange={(e) => setSameHost(e.target.checked)} />
        <p className="muted">robots.txt is obeyed and each host is asked at most once a second (longer when its Crawl-delay says so).</p>
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          Start crawl
        </button>
      </form>
    </section>
  );
}
