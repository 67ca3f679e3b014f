import { BLOB_STORE, LocalDirectoryBlobStore } from '@llmchain/platform';
import { Global, Module } from '@nestjs/common';
import { loadTrainingConfig, TRAINING_CONFIG, TrainingConfig } from './training-config';

/** The validated configuration and the blob store it points at, for the API and the worker. */
@Global()
@Module({
  providers: [
    { provide: TRAINING_CONFIG, useFactory: loadTrainingConfig },
    {
      provide: BLOB_STORE,
      inject: [TRAINING_CONFIG],
      useFactory: (config: TrainingConfig) => new LocalDirectoryBlobStore(config.BLOB_STORE_DIR),
    },
  ],
  exports: [TRAINING_CONFIG, BLOB_STORE],
})
export class TrainingConfigModule {}
