import { ConnectorRun } from '../api/connectors';

export const FINISHED_CONNECTOR_RUN = new Set(['succeeded', 'failed', 'cancelled']);

/** Where a run's documents came from: the imported file's name, the bucket and prefix, or the crawl's seeds and sitemap. */
export function connectorSource(run: ConnectorRun): string {
  const source = run.source;
  if ('filename' in source) return source.filename;
  if ('bucket' in source) return `s3://${source.bucket}/${source.prefix}`;
  return [...source.seeds, ...(source.sitemap ? [`sitemap ${source.sitemap}`] : [])].join(', ');
}
