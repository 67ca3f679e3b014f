import { DATABASE, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';

/** serving_instances: the running serving processes and their heartbeats, on the database's clock. */
@Injectable()
export class ServingInstancesRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlExecutor) {}

  async register(instanceId: string): Promise<void> {
    await this.db.$executeRawUnsafe(`INSERT INTO serving_instances (instance_id) VALUES ($1::uuid) ON CONFLICT DO NOTHING`, instanceId);
  }

  /** Refreshes the heartbeat, re-registering an instance a sweep removed while this process was stalled. */
  async heartbeat(instanceId: string): Promise<void> {
    await this.db.$executeRawUnsafe(
      `INSERT INTO serving_instances (instance_id) VALUES ($1::uuid) ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = now()`,
      instanceId,
    );
  }

  async remove(instanceId: string): Promise<void> {
    await this.db.$executeRawUnsafe(`DELETE FROM serving_instances WHERE instance_id = $1::uuid`, instanceId);
  }

  /** Forgets processes silent for longer than `orphanAfterMs` (their reservations count as orphaned either way). */
  async forgetSilent(orphanAfterMs: number): Promise<void> {
    await this.db.$executeRawUnsafe(
      `DELETE FROM serving_instances WHERE heartbeat_at < now() - make_interval(secs => $1::float8 / 1000)`,
      orphanAfterMs,
    );
  }
}
