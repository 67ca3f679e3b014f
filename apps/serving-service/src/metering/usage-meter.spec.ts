import pino from 'pino';
import { ServingConfig } from '../config/serving-config';
import { UsageMeter } from './usage-meter.service';
import { RequestUsage, UsageRecorder } from './usage-recorder.service';
import { UsageReservationsRepository } from './usage-reservations.repository';
import { ServingInstance } from './serving-instance.service';

const usage = (requestId: string): RequestUsage => ({ requestId, tenantId: 't', apiKeyId: 'k', model: 'm', promptTokens: 3, completionTokens: 5 });

describe('UsageMeter', () => {
  /** A recorder whose database refuses the first `refusals` settles, as during a Postgres restart. */
  function meterWithRecorder(refusals: number) {
    const recorded: string[] = [];
    let refused = 0;
    const recorder = {
      settle: async (u: RequestUsage) => {
        if (refused < refusals) {
          refused += 1;
          throw new Error('Connection terminated unexpectedly');
        }
        recorded.push(u.requestId);
      },
    } as unknown as UsageRecorder;
    const reservations = { write: async () => undefined } as unknown as UsageReservationsRepository;
    const config = { USAGE_FLUSH_MS: 10, USAGE_FLUSH_TOKENS: 16 } as ServingConfig;
    const meter = new UsageMeter(reservations, recorder, { id: 'instance' } as unknown as ServingInstance, config, pino({ enabled: false }));
    return { meter, recorded };
  }

  it('keeps a settle the database refused and records it once the database answers again', async () => {
    const { meter, recorded } = meterWithRecorder(2);
    meter.onApplicationBootstrap();
    try {
      meter.reserve(usage('a'));
      await meter.settle(usage('a'));
      expect(recorded).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(recorded).toEqual(['a']);
    } finally {
      await meter.beforeApplicationShutdown();
    }
  });

  it('tries the refused settles once more when the process shuts down', async () => {
    const { meter, recorded } = meterWithRecorder(1);
    await meter.settle(usage('b'));
    expect(recorded).toEqual([]);
    await meter.beforeApplicationShutdown();
    expect(recorded).toEqual(['b']);
  });
});
