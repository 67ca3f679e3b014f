import { CorpusFormatError, readDocuments } from '@llmchain/data-cleaning';
import { bindIdempotentContent, BLOB_STORE, BlobStore } from '@llmchain/platform';
import { HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../config/data-service-config';
import { Corpus } from '../generated/prisma/client';
import { CorporaRepository } from './corpora.repository';
import { corpusBytes } from './corpus-bytes';
import { TxtSplit } from './corpus-file-type';
import { ReceivedCorpusFile, receiveCorpusFile } from './multipart-corpus-upload';
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
    const file = await receiveCorpusFile(request, this.blobs, { maxBytes: this.config.UPLOAD_MAX_BYTES, split });
    let documents: number;
    try {
      await bindIdempotentContent(request, file.sha256);
      documents = await this.countDocuments(file);
    } catch (error) {
      await file.staged.abort();
      throw error;
    }

    const existing = await this.corpora.findBySha256(tenantId, file.sha256);
    if (existing) {
      await file.staged.abort();
      return { corpus: existing, created: false };
    }
    const blobKey = `tenants/${tenantId}/corpora/${file.sha256}${file.extension}`;
    await file.staged.commit(blobKey);
    const inserted = await this.corpora
      .insert({
        tenantId,
        filename: file.filename,
        format: file.format,
        gzip: file.gzip,
        sha256: file.sha256,
        bytes: BigInt(file.bytes),
        documents,
        blobKey,
      })
      .catch(async (error: unknown) => {
        await this.blobs.delete(blobKey);
        throw error;
      });
    if (inserted) return { corpus: inserted, created: true };
    const winner = await this.corpora.findBySha256(tenantId, file.sha256);
    if (!winner) throw new Error(`corpus ${file.sha256} vanished after a duplicate insert`);
    return { corpus: winner, created: false };
  }

  async get(tenantId: string, id: string): Promise<Corpus> {
    const corpus = await this.corpora.findById(tenantId, id);
    if (!corpus) throw new NotFoundException(`no corpus ${id}`);
    return corpus;
  }

  list(tenantId: string): Promise<Corpus[]> {
    return this.corpora.list(tenantId);
  }

  private async countDocuments(file: ReceivedCorpusFile): Promise<number> {
    let count = 0;
    try {
      const bytes = corpusBytes(await file.staged.openStagedRead(), file.gzip, this.config.UPLOAD_MAX_DECOMPRESSED_BYTES);
      for await (const _document of readDocuments(bytes, file.format, 'validation')) count++;
    } catch (error) {
      if (error instanceof CorpusFormatError)
        throw uploadRejected(HttpStatus.BAD_REQUEST, error.problem, error.message, error.problem === 'malformed_jsonl' ? error.lines : undefined);
      throw error;
    }
    return count;
  }
}
