import { BLOB_STORE, createBlobStore } from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, loadDataServiceConfig } from './data-service-config';

/** The validated configuration and the blob store it points at, for every feature module. */
@Global()
@Module({
  providers: [
    { provide: DATA_SERVICE_CONFIG, useFactory: loadDataServiceConfig },
    // BLOB_STORE=local (BLOB_STORE_DIR) or s3 (S3_*): see libs/platform's blob-store-config.
    { provide: BLOB_STORE, useFactory: () => createBlobStore() },
  ],
  exports: [DATA_SERVICE_CONFIG, BLOB_STORE],
})
export class DataServiceConfigModule {}
