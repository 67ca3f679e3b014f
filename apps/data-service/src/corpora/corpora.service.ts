import { CorpusFormatError, readDocuments } from '@llmchain/data-cleaning';
import { bindIdempotentContent, BLOB_STORE, BlobStore, ListQuery, tenantLimitReached } from '@llmchain/platform';
import { HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { DATA_SERVICE_CONFIG, DataServiceConfig, readLimits } from '../config/data-service-config';
import { Corpus } from '../generated/prisma/client';
import { CorporaRepository } from './corpora.repository';
import { corpusBytes } from './corpus-bytes';
import { CorpusFileType, TxtSplit } from './corpus-file-type';
import { StagedCorpusFile } from './staged-corpus-file';
import { receiveCorpusFile } from './multipart-corpus-upload';
import { uploadRejected } from './upload-errors';

/**
 * Upload: stream the file into a staged blob (hashing it), read it back through the same reader the cleaning job uses
 * to prove it holds documents, then either return the tenant's existing corpus with those bytes or publish the blob
 * and insert the row. Every rejection aborts the staged blob, so a failed upload leaves no row and no blob. An
 * Idempotency-Key is bound to the file's SHA-256 once it is known (a retry's multipart boundary differs).
 */
@Injectable()
export class CorporaService {
  constructor(
    private readonly corpora: CorporaRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
  ) {}

  async upload(tenantId: string, request: IncomingMessage, split: TxtSplit): Promise<{ corpus: Corpus; created: boolean }> {
    await this.refuseWhenQuotaSpent(tenantId);
    const file = await receiveCorpusFile(request, this.blobs, {
      maxBytes: this.config.UPLOAD_MAX_BYTES,
      split,
      countDocuments: (bytes, type) => this.countDocuments(bytes, type),
    });
    try {
      await bindIdempotentContent(request, file.sha256);
    } catch (error) {
      await file.staged.abort();
      throw error;
    }

    return this.adopt(tenantId, file);
  }

  /** Refused before a byte of the body is read when the quota is spent already; checked exactly again at insert. */
  async refuseWhenQuotaSpent(tenantId: string): Promise<void> {
    const quota = BigInt(this.config.TENANT_STORAGE_QUOTA_BYTES);
    const stored = await this.corpora.storedBytes(tenantId);
    if (stored >= quota) throw storageQuotaReached(stored, quota);
  }

  /**
   * Makes a staged, hashed and validated file the tenant's corpus: the existing corpus when the tenant already has these
   * bytes (the staged copy dropped), else the published blob and a new row within the storage quota. Any failure
   * leaves neither blob nor row. Uploads and connectors both end here.
   */
  async adopt(tenantId: string, file: StagedCorpusFile): Promise<{ corpus: Corpus; created: boolean }> {
    const quota = BigInt(this.config.TENANT_STORAGE_QUOTA_BYTES);
    const existing = await this.corpora.findBySha256(tenantId, file.sha256);
    if (existing) {
      await file.staged.abort();
      return { corpus: existing, created: false };
    }
    const blobKey = `tenants/${tenantId}/corpora/${file.sha256}${file.extension}`;
    await file.staged.commit(blobKey);
    const outcome = await this.corpora
      .insertWithinQuota(
        {
          tenantId,
          filename: file.filename,
          format: file.format,
          gzip: file.gzip,
          sha256: file.sha256,
          bytes: BigInt(file.bytes),
          documents: file.documents,
          blobKey,
        },
        quota,
      )
      .catch(async (error: unknown) => {
        await this.blobs.delete(blobKey);
        throw error;
      });
    if ('overQuota' in outcome) {
      await this.blobs.delete(blobKey);
      throw storageQuotaReached(outcome.overQuota, quota, file.bytes);
    }
    if (outcome.inserted) return { corpus: outcome.inserted, created: true };
    const winner = await this.corpora.findBySha256(tenantId, file.sha256);
    if (!winner) throw new Error(`corpus ${file.sha256} vanished after a duplicate insert`);
    return { corpus: winner, created: false };
  }

  async get(tenantId: string, id: string): Promise<Corpus> {
    const corpus = await this.corpora.findById(tenantId, id);
    if (!corpus) throw new NotFoundException(`no corpus ${id}`);
    return corpus;
  }

  /** The tenant's corpora, newest first, `limit` at a time (one row more read to tell whether more follow). */
  list(tenantId: string, query: ListQuery): Promise<Corpus[]> {
    return this.corpora.list(tenantId, query);
  }

  /** Reads the upload as the cleaning job will, with the same limits, so a stored corpus always reads back. */
  private async countDocuments(raw: Readable, { gzip, format }: CorpusFileType): Promise<number> {
    let count = 0;
    try {
      const bytes = corpusBytes(raw, gzip, this.config.UPLOAD_MAX_DECOMPRESSED_BYTES);
      for await (const _document of readDocuments(bytes, format, 'validation', readLimits(this.config))) count++;
    } catch (error) {
      if (error instanceof CorpusFormatError) {
        const oversized = error.problem === 'line_too_long' || error.problem === 'document_too_large';
        const status = oversized ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
        throw uploadRejected(status, error.problem, error.message, error.lines.length > 0 ? error.lines : undefined);
      }
      throw error;
    }
    return count;
  }
}

function storageQuotaReached(stored: bigint, quota: bigint, uploadBytes?: number) {
  const upload = uploadBytes === undefined ? '' : `; this upload of ${uploadBytes} bytes would pass it`;
  return tenantLimitReached(
    'storage_quota',
    `your corpora hold ${stored} bytes of your ${quota}-byte storage quota${upload}: ask an operator to raise the quota`,
  );
}
