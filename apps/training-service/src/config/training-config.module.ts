import { BLOB_STORE, createBlobStore } from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';
import { loadTrainingConfig, TRAINING_CONFIG } from './training-config';

/** The validated configuration and the blob store it points at, for the API and the worker. */
@Global()
@Module({
  providers: [
    { provide: TRAINING_CONFIG, useFactory: loadTrainingConfig },
    // BLOB_STORE=local (BLOB_STORE_DIR) or s3 (S3_*): see libs/platform's blob-store-config.
    { provide: BLOB_STORE, useFactory: () => createBlobStore() },
  ],
  exports: [TRAINING_CONFIG, BLOB_STORE],
})
export class TrainingConfigModule {}
