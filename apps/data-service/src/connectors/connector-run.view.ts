import { ConnectorRun } from '../generated/prisma/client';

/** A connector run as the API shows it. */
export function connectorRunView(run: ConnectorRun) {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    source: run.source,
    settings: run.settings,
    documents: run.documents,
    skipped: run.skipped,
    progress: run.progress,
    corpusId: run.corpusId,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
