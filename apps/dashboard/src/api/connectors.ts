// Wire types data-service declares for connectors, quality classifiers and contamination, imported as types only.
import type { DataSchemas } from '../../../../libs/api-client/src';
import type { CrawlProgress } from '../../../data-service/src/connectors/crawl/crawl-progress';
import type { CrawlSettings } from '../../../data-service/src/connectors/crawl/crawl-settings';
import type { ImportFormat, ImportSettings, SkipReason } from '../../../data-service/src/connectors/import-settings';
import type { ObjectStorageSettings } from '../../../data-service/src/connectors/object-storage/object-storage-settings';
import type { ReceivedSourceFile } from '../../../data-service/src/connectors/received-source-file';
import type { TrainClassifierRequest } from '../../../data-service/src/quality-classifiers/quality-classifier.dto';
import { ApiError } from './api-error';
import type { UploadedCorpus } from './data';
import { apiUrl, authHeaders, ListPage, requestJson } from './http';

export type { CrawlProgress, ImportFormat, SkipReason };
/** A crawl as POST /connectors/crawls takes it: every group and limit may be left to the service's default. */
export type StartCrawl = { seeds: string[]; sitemap?: string; scope?: Partial<CrawlSettings['scope']>; limits?: Partial<CrawlSettings['limits']> };
/** The run's JSON columns (open objects in the OpenAPI document), given what imports and crawls write into them. */
export type ConnectorRun = Omit<DataSchemas['ConnectorRun'], 'kind' | 'status' | 'source' | 'settings' | 'skipped' | 'progress'> & {
  kind: ImportFormat | 's3' | 'crawl';
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  source:
    | Pick<ReceivedSourceFile, 'filename' | 'bytes' | 'sha256'>
    | Pick<ObjectStorageSettings, 'endpoint' | 'bucket' | 'prefix'>
    | (Pick<CrawlSettings, 'seeds'> & { sitemap: string | null });
  /** A table's field mapping, a bucket's region and object cap, or a crawl's scope, limits and politeness. */
  settings: ImportSettings | Pick<ObjectStorageSettings, 'region' | 'force_path_style' | 'max_objects'> | CrawlSettings;
  skipped: Partial<Record<SkipReason, number>>;
  /** A crawl's pages and bytes so far; `{}` for an import. */
  progress: Partial<CrawlProgress>;
};
export type QualityClassifier = DataSchemas['QualityClassifier'];
export type ClassifierMetrics = QualityClassifier['metrics'];
export type ContaminationReport = DataSchemas['ContaminationReport'];
/** How an imported table maps onto documents: the text column, the metadata columns kept, the CSV delimiter. */
export type ImportMapping = { format: ImportFormat; text?: string; metadata?: string; delimiter?: string };

/** data-service's connectors, quality classifiers and contamination checks, with one of the tenant's API keys (scope `data`). */
export const connectorsApi = (token: string) => ({
  runs: (limit: number, after?: string) => requestJson<ListPage<ConnectorRun>>('data', '/connectors/runs', { token, query: { limit, after } }),
  run: (id: string) => requestJson<ConnectorRun>('data', `/connectors/runs/${id}`, { token }),
  cancel: (id: string) => requestJson<ConnectorRun>('data', `/connectors/runs/${id}/cancel`, { token, method: 'POST' }),
  startCrawl: (body: StartCrawl) => requestJson<ConnectorRun>('data', '/connectors/crawls', { token, body }),
  /** One multipart file; the mapping travels in the query, as the route reads it. */
  importFile: async (file: File, mapping: ImportMapping): Promise<{ run: ConnectorRun; corpus: UploadedCorpus }> => {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await fetch(apiUrl('data', '/connectors/imports', mapping), { method: 'POST', headers: { ...authHeaders(token), accept: 'application/json' }, body: form });
    if (!response.ok) throw await ApiError.from(response);
    return response.json();
  },
  classifiers: (limit: number, after?: string) => requestJson<ListPage<QualityClassifier>>('data', '/quality-classifiers', { token, query: { limit, after } }),
  trainClassifier: (body: TrainClassifierRequest) => requestJson<QualityClassifier>('data', '/quality-classifiers', { token, body }),
  contaminationReports: (versionId: string) => requestJson<{ data: ContaminationReport[] }>('data', `/dataset-versions/${versionId}/contamination-reports`, { token }),
  checkContamination: (versionId: string, againstVersionId: string) =>
    requestJson<ContaminationReport>('data', `/dataset-versions/${versionId}/contamination`, { token, body: { againstVersionId } }),
});
export type ConnectorsApi = ReturnType<typeof connectorsApi>;
