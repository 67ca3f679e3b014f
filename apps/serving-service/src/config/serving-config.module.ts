import { BLOB_STORE, LocalDirectoryBlobStore } from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';
import { loadServingConfig, SERVING_CONFIG, ServingConfig } from './serving-config';

@Global()
@Module({
  providers: [
    { provide: SERVING_CONFIG, useFactory: loadServingConfig },
    {
      provide: BLOB_STORE,
      inject: [SERVING_CONFIG],
      useFactory: (config: ServingConfig) => new LocalDirectoryBlobStore(config.BLOB_STORE_DIR),
    },
  ],
  exports: [SERVING_CONFIG, BLOB_STORE],
})
export class ServingConfigModule {}
