// Wire types data-service declares, imported as types only (nothing of the library or the client reaches the bundle).
import type { DataSchemas } from '../../../../libs/api-client/src';
import type { CleaningSettings, CleaningSettingsInput } from '../../../../libs/data-cleaning/src/config';
import { ApiError } from './api-error';
import { apiUrl, authHeaders, ListPage, requestJson, send } from './http';

export type Corpus = DataSchemas['Corpus'];
export type UploadedCorpus = DataSchemas['UploadedCorpus'];
export type { CleaningSettings, CleaningSettingsInput };
export type CleaningReport = DataSchemas['CleaningReport'];
export type CleaningRun = DataSchemas['CleaningRun'];
export type DatasetVersion = DataSchemas['DatasetVersion'];
export type DatasetVersionSummary = DataSchemas['DatasetVersionSummary'];
/** A line of GET /dataset-versions/:id/decisions (JSON lines, which the OpenAPI document does not describe field by field). */
export type Decision = {
  documentId: string;
  status: 'kept' | 'redacted' | 'removed';
  language?: string;
  pii?: Record<string, number>;
  rule?: string;
  figure?: number;
  limit?: number;
  duplicateOf?: string;
};
export type AnnotationProject = DataSchemas['AnnotationProjectWithTasks'];
export type LabelSchema = AnnotationProject['labelSchema'];
export type ProjectWithProgress = DataSchemas['AnnotationProjectWithProgress'];
export type Task = DataSchemas['AnnotationTask'];
export type Annotation = DataSchemas['Annotation'];
export type Span = Annotation['spans'][number];
export type Agreement = DataSchemas['AnnotationAgreement'];
export type AgreementScores = Agreement['spans'][string];
export type ExportResult = DataSchemas['AnnotationExport'];
export type QueuedAnnotation = DataSchemas['AnnotationWithDocument'];

/** data-service, with one of the tenant's API keys (scope `data`). */
export const dataApi = (token: string) => ({
  corpora: (limit: number, after?: string) => requestJson<ListPage<Corpus>>('data', '/corpora', { token, query: { limit, after } }),
  startCleaningRun: (body: { corpusIds: string[]; datasetName: string; settings?: CleaningSettingsInput }) =>
    requestJson<CleaningRun>('data', '/cleaning-runs', { token, body }),
  cleaningRun: (id: string) => requestJson<CleaningRun>('data', `/cleaning-runs/${id}`, { token }),
  cleaningRuns: (limit: number, after?: string) => requestJson<ListPage<CleaningRun>>('data', '/cleaning-runs', { token, query: { limit, after } }),
  datasetVersions: (limit: number, after?: string) => requestJson<ListPage<DatasetVersionSummary>>('data', '/dataset-versions', { token, query: { limit, after } }),
  projects: (limit: number, after?: string) => requestJson<ListPage<AnnotationProject>>('data', '/annotation-projects', { token, query: { limit, after } }),
  project: (id: string) => requestJson<ProjectWithProgress>('data', `/annotation-projects/${id}`, { token }),
  annotations: (projectId: string, reviewStatus: Annotation['reviewStatus'] | undefined, limit: number, after?: string) =>
    requestJson<ListPage<QueuedAnnotation>>('data', `/annotation-projects/${projectId}/annotations`, { token, query: { reviewStatus, limit, after } }),
  datasetVersion: (id: string) => requestJson<DatasetVersion>('data', `/dataset-versions/${id}`, { token }),
  decisions: async (id: string): Promise<Decision[]> => {
    const text = await (await send('data', `/dataset-versions/${id}/decisions`, { token })).text();
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Decision);
  },
  createProject: (body: { name: string; sourceVersionId: string; labelSchema: LabelSchema; overlap: number; instruction: string; maxDocuments: number }) =>
    requestJson<AnnotationProject>('data', '/annotation-projects', { token, body }),
  handOut: (projectId: string, annotator: string, count = 10) =>
    requestJson<Task[]>('data', `/annotation-projects/${projectId}/hand-outs`, { token, body: { annotator, count } }),
  submitAnnotation: (projectId: string, body: { taskId: string; annotator: string; label?: string; spans: Span[] }) =>
    requestJson<Annotation>('data', `/annotation-projects/${projectId}/annotations`, { token, body }),
  review: (annotationId: string, body: { reviewer: string; decision: 'approved' | 'rejected'; comment?: string }) =>
    requestJson<Annotation>('data', `/annotations/${annotationId}/review`, { token, body }),
  agreement: (projectId: string) => requestJson<Agreement>('data', `/annotation-projects/${projectId}/agreement`, { token }),
  exportProject: (projectId: string, body: { datasetName: string; format: 'prompt-completion' | 'chat' }) =>
    requestJson<ExportResult>('data', `/annotation-projects/${projectId}/exports`, { token, body }),
});
export type DataApi = ReturnType<typeof dataApi>;

/**
 * A multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). Resolves with the
 * corpus (201 new, 200 the same bytes uploaded before), rejects with the service's message.
 */
export function uploadCorpus(
  token: string,
  file: File,
  split: 'file' | 'blank-lines',
  onProgress: (fraction: number) => void,
): { done: Promise<UploadedCorpus>; cancel: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadedCorpus>((resolve, reject) => {
    xhr.open('POST', apiUrl('data', '/corpora', { split }));
    for (const [name, value] of Object.entries(authHeaders(token))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(JSON.parse(xhr.responseText));
      void ApiError.from(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText })).then(reject);
    };
    xhr.onerror = () => reject(new Error('the upload failed: the connection to the dashboard server broke'));
    xhr.onabort = () => reject(new Error('upload cancelled'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, cancel: () => xhr.abort() };
}
