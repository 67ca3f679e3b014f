import { describe, expect, it } from '@jest/globals';
import { ConnectorRun } from '../api/connectors';
import { connectorSource } from './connector-run-figures';

const run = (kind: ConnectorRun['kind'], source: ConnectorRun['source']) => ({ id: 'r', kind, status: 'succeeded', source }) as ConnectorRun;

describe('connectorSource', () => {
  it('names each kind of run by where its documents came from', () => {
    expect(connectorSource(run('jsonl', { filename: 'tickets.jsonl', bytes: 10, sha256: 'ab' }))).toBe('tickets.jsonl');
    // An object-storage run's source has no seeds: it is named by its bucket and prefix.
    expect(connectorSource(run('s3', { endpoint: 'http://127.0.0.1:9310', bucket: 'corpora', prefix: 'tickets/' }))).toBe('s3://corpora/tickets/');
    expect(connectorSource(run('crawl', { seeds: ['https://example.org/'], sitemap: 'https://example.org/sitemap.xml' }))).toBe('https://example.org/, sitemap https://example.org/sitemap.xml');
  });
});
