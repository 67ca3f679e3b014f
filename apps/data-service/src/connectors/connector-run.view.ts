import { ConnectorRun } from '../generated/prisma/client';
import { ConnectorRunWire } from './connector-run.schemas';

type JsonObject = Record<string, unknown>;

/** A connector run as the API shows it. */
export function connectorRunView(run: ConnectorRun) {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    source: run.source as JsonObject,
    settings: run.settings as JsonObject,
    documents: run.documents,
    skipped: run.skipped as Record<string, number>,
    progress: run.progress as JsonObject,
    corpusId: run.corpusId,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  } satisfies ConnectorRunWire;
}
