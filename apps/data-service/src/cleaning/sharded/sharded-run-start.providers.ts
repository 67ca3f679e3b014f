import { CleaningShardsRepository } from './cleaning-shards.repository';
import { ShardedCleaningFlows } from './sharded-cleaning-flows';
import { ShardedCleaningStart } from './sharded-cleaning-start';
import { ShardedRunFailure } from './sharded-run-failure';

/** What a process that takes cleaning runs needs to start a sharded one (split the corpora, queue the shards). */
export const SHARDED_RUN_START = [ShardedCleaningStart, CleaningShardsRepository, ShardedCleaningFlows, ShardedRunFailure];
