import { ApiKeyPrincipal, bindIdempotentContent, BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { OpenAiError } from '../common/openai-error';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { BatchFile } from '../generated/prisma/client';
import { receiveBatchFile } from './batch-file-upload';
import { BatchFilesRepository } from './batch-files.repository';
import { newFileId } from './openai-ids';

/** OpenAI's file object. */
export const fileObject = (file: BatchFile) => ({
  id: file.id,
  object: 'file',
  bytes: file.bytes,
  created_at: Math.floor(file.createdAt.getTime() / 1000),
  filename: file.filename,
  purpose: file.purpose,
  status: 'processed',
  status_details: null,
  expires_at: null,
});

export const fileBlobKey = (tenantId: string, fileId: string) => `tenants/${tenantId}/batch-files/${fileId}.jsonl`;

/** The Files API over the blob store (bytes) and batch_files (what is listed), one tenant's files at a time. */
@Injectable()
export class BatchFilesService {
  constructor(
    private readonly files: BatchFilesRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
  ) {}

  async upload(principal: ApiKeyPrincipal, request: IncomingMessage) {
    const received = await receiveBatchFile(request, this.blobs, { maxBytes: this.config.BATCH_FILE_MAX_BYTES, maxLines: this.config.BATCH_FILE_MAX_LINES });
    try {
      // A retried upload carries a new multipart boundary: its key is bound to the content instead.
      await bindIdempotentContent(request, received.sha256);
    } catch (error) {
      await received.staged.abort();
      throw error;
    }
    const id = newFileId();
    const blob = await received.staged.commit(fileBlobKey(principal.tenantId, id));
    const file = await this.files.create({
      id,
      tenantId: principal.tenantId,
      purpose: 'batch',
      filename: received.filename.slice(0, 255),
      bytes: blob.bytes,
      blobKey: blob.key,
      sha256: blob.sha256,
      lines: received.lines.length,
    });
    return fileObject(file);
  }

  async get(tenantId: string, id: string): Promise<BatchFile> {
    const file = await this.files.find(tenantId, id);
    if (!file) throw new OpenAiError(404, `No such File object: ${id}`, 'invalid_request_error', 'id', 'file_not_found');
    return file;
  }

  async content(tenantId: string, id: string): Promise<Readable> {
    return this.blobs.openRead((await this.get(tenantId, id)).blobKey);
  }

  async delete(tenantId: string, id: string) {
    const file = await this.get(tenantId, id);
    if (await this.files.delete(tenantId, id)) await this.blobs.delete(file.blobKey);
    return { id, object: 'file', deleted: true };
  }
}
