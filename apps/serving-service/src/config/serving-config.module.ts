import { BLOB_STORE, createBlobStore } from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';
import { loadServingConfig, SERVING_CONFIG } from './serving-config';

@Global()
@Module({
  providers: [
    { provide: SERVING_CONFIG, useFactory: loadServingConfig },
    // BLOB_STORE=local (BLOB_STORE_DIR) or s3 (S3_*): see libs/platform's blob-store-config.
    { provide: BLOB_STORE, useFactory: () => createBlobStore() },
  ],
  exports: [SERVING_CONFIG, BLOB_STORE],
})
export class ServingConfigModule {}
