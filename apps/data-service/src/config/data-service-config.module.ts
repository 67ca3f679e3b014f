import { BLOB_STORE, LocalDirectoryBlobStore } from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, DataServiceConfig, loadDataServiceConfig } from './data-service-config';

/** The validated configuration and the blob store it points at, for every feature module. */
@Global()
@Module({
  providers: [
    { provide: DATA_SERVICE_CONFIG, useFactory: loadDataServiceConfig },
    {
      provide: BLOB_STORE,
      inject: [DATA_SERVICE_CONFIG],
      useFactory: (config: DataServiceConfig) => new LocalDirectoryBlobStore(config.BLOB_STORE_DIR),
    },
  ],
  exports: [DATA_SERVICE_CONFIG, BLOB_STORE],
})
export class DataServiceConfigModule {}
