import { TOPICS } from '@llmchain/contracts';
import { BLOB_STORE, BlobStore, DATABASE, OutboxWriter, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';
import { BatchEndpoint, parseBatchInputLine } from './batch-endpoints';
import { fileBlobKey } from './batch-files.service';
import { AnsweredRow, batchOutputLines } from './batch-output-lines';
import { BatchesRepository } from './batches.repository';

type BatchRow = { id: string; tenant_id: string; endpoint: BatchEndpoint; input_file_id: string; status: string; expired: boolean };

const INSERT_CHUNK = 5000;

/**
 * A batch's steps outside its requests, each in one transaction on the batch's row (locked, SKIP LOCKED, so one
 * process takes each step): validating → in_progress (the input's requests become batch_requests rows) or failed;
 * then, once no request is left to run (or the window ran out, or it was cancelled and no request is leased: one
 * released to wait for its lane's next per-minute window or a retry is not running, so it does not hold it up), its
 * output and error files written and its end recorded with its event. A process that dies midway leaves the
 * transaction undone; the blobs it wrote are under keys named after the batch, so the next try reuses them.
 */
@Injectable()
export class BatchLifecycle {
  constructor(
    @Inject(DATABASE) private readonly db: PrismaClient,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly outbox: OutboxWriter,
    private readonly batches: BatchesRepository,
  ) {}

  /** Validates the oldest batch waiting; false when none was. */
  validateNext(): Promise<boolean> {
    return this.db.$transaction(
      async (tx) => {
        const [batch] = await tx.$queryRawUnsafe<BatchRow[]>(
          `SELECT id, tenant_id, endpoint, input_file_id, status, false AS expired FROM batches WHERE status = 'validating'
            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!batch) return false;
        const [file] = await tx.$queryRawUnsafe<{ blob_key: string }[]>(`SELECT blob_key FROM batch_files WHERE id = $1 AND tenant_id = $2`, batch.input_file_id, batch.tenant_id);
        if (!file) return this.fail(tx, batch, { code: 'missing_file', message: `The input file ${batch.input_file_id} was deleted before the batch ran.`, param: 'input_file_id', line: null });
        const text = await readText(this.blobs.openRead(file.blob_key));
        const lines = text.split('\n').filter((row, i, rows) => !(i === rows.length - 1 && row === '')).map((row, i) => parseBatchInputLine(row.replace(/\r$/, ''), i + 1));
        const mismatch = lines.findIndex((line) => line.url !== batch.endpoint);
        if (mismatch >= 0) {
          const message = `Line ${mismatch + 1}: url ${lines[mismatch].url} does not match the batch's endpoint ${batch.endpoint}; every request of a batch calls its endpoint.`;
          return this.fail(tx, batch, { code: 'mismatched_endpoint', message, param: 'url', line: mismatch + 1 });
        }
        for (let start = 0; start < lines.length; start += INSERT_CHUNK) {
          const chunk = lines.slice(start, start + INSERT_CHUNK);
          await tx.$executeRawUnsafe(
            `INSERT INTO batch_requests (batch_id, line, custom_id, body) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::jsonb[])`,
            batch.id,
            chunk.map((_, i) => start + i + 1),
            chunk.map((line) => line.customId),
            chunk.map((line) => JSON.stringify(line.body)),
          );
        }
        await tx.$executeRawUnsafe(`UPDATE batches SET status = 'in_progress', in_progress_at = now() WHERE id = $1`, batch.id);
        return true;
      },
      { timeout: 60_000 },
    );
  }

  /** Finalizes the oldest batch that is due; false when none was. */
  finalizeNext(): Promise<boolean> {
    return this.db.$transaction(
      async (tx) => {
        const [batch] = await tx.$queryRawUnsafe<BatchRow[]>(
          `SELECT id, tenant_id, endpoint, input_file_id, status, expires_at <= now() AS expired FROM batches b
            WHERE (status = 'in_progress' AND (expires_at <= now() OR NOT EXISTS (SELECT 1 FROM batch_requests r WHERE r.batch_id = b.id AND r.state = 'pending')))
               OR (status = 'cancelling' AND NOT EXISTS (SELECT 1 FROM batch_requests r WHERE r.batch_id = b.id AND r.state = 'pending' AND r.lease_owner IS NOT NULL AND r.lease_until > now()))
            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!batch) return false;
        const outcome = batch.status === 'cancelling' ? 'cancelled' : batch.expired ? 'expired' : 'completed';
        const rows = await tx.$queryRawUnsafe<AnsweredRow[]>(
          `SELECT line, custom_id, state, status_code, response FROM batch_requests WHERE batch_id = $1 ORDER BY line`,
          batch.id,
        );
        const { output, errors } = batchOutputLines(batch.id, rows, outcome === 'expired');
        const outputFileId = await this.writeFile(tx, batch, 'output', output);
        const errorFileId = await this.writeFile(tx, batch, 'error', errors);
        await tx.$executeRawUnsafe(
          `UPDATE batches SET status = $2, finalizing_at = now(), output_file_id = $3, error_file_id = $4,
                  completed_at = CASE WHEN $2 = 'completed' THEN now() END, expired_at = CASE WHEN $2 = 'expired' THEN now() END,
                  cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() END
            WHERE id = $1`,
          batch.id,
          outcome,
          outputFileId,
          errorFileId,
        );
        if (outcome === 'completed') {
          const requestCounts = (await this.batches.counts([batch.id], tx)).get(batch.id) ?? { total: 0, completed: 0, failed: 0 };
          await this.outbox.write(tx, [
            { topic: TOPICS.batchCompleted, key: batch.tenant_id, data: { tenantId: batch.tenant_id, batchId: batch.id, endpoint: batch.endpoint, requestCounts, outputFileId, errorFileId } },
          ]);
        }
        return true;
      },
      { timeout: 60_000 },
    );
  }

  private async fail(tx: SqlExecutor, batch: BatchRow, error: { code: string; message: string; param: string; line: number | null }): Promise<true> {
    await tx.$executeRawUnsafe(
      `UPDATE batches SET status = 'failed', failed_at = now(), errors = $2::jsonb WHERE id = $1`,
      batch.id,
      JSON.stringify({ object: 'list', data: [error] }),
    );
    await this.outbox.write(tx, [
      {
        topic: TOPICS.batchFailed,
        key: batch.tenant_id,
        data: { tenantId: batch.tenant_id, batchId: batch.id, endpoint: batch.endpoint, requestCounts: { total: 0, completed: 0, failed: 0 }, outputFileId: null, errorFileId: null, error: error.message },
      },
    ]);
    return true;
  }

  /** A batch's output or error file under a key and id named after the batch, so a second try of a finalize reuses it. */
  private async writeFile(tx: SqlExecutor, batch: BatchRow, kind: 'output' | 'error', lines: string[]): Promise<string | null> {
    if (lines.length === 0) return null;
    const id = `file-${batch.id.replace(/^batch_/, '')}-${kind}`;
    const staged = await this.blobs.stage();
    await staged.write(Buffer.from(lines.map((line) => `${line}\n`).join('')));
    const blob = await staged.commit(fileBlobKey(batch.tenant_id, id));
    await tx.$executeRawUnsafe(
      `INSERT INTO batch_files (id, tenant_id, purpose, filename, bytes, blob_key, sha256, lines) VALUES ($1, $2, 'batch_output', $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO NOTHING`,
      id,
      batch.tenant_id,
      `${batch.id}_${kind}.jsonl`,
      blob.bytes,
      blob.key,
      blob.sha256,
      lines.length,
    );
    return id;
  }
}

async function readText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
