import { TOPICS } from '@llmchain/contracts';
import { WEBHOOK_EVENT_SOURCES, WEBHOOK_EVENT_TYPES, WebhookEventSource } from './webhook-event-sources';
import { webhookEventOf } from './webhook-payload';

describe('webhook payloads', () => {
  it('are OpenAI-shaped events: evt_ id from the source event, type, created_at in seconds, data in snake_case', () => {
    const source = WEBHOOK_EVENT_SOURCES[TOPICS.trainingJobCompleted] as WebhookEventSource<never>;
    const event = {
      id: '0b5f2a52-8a7e-4c1e-9d55-3f4a1b2c3d4e',
      type: TOPICS.trainingJobCompleted,
      version: 1,
      occurredAt: '2026-12-04T10:00:01.900Z',
      producer: 'training-service',
      data: { tenantId: 't-1', jobId: 'job-9', modelId: 'm-3', modelName: 'tiny', status: 'cancelled', trainedTokens: 1200 },
    };
    const record = webhookEventOf(source, event);
    expect(record).toMatchObject({ id: event.id, tenantId: 't-1', type: 'fine_tuning.job.cancelled', createdAt: new Date(event.occurredAt) });
    expect(JSON.parse(record.body)).toEqual({
      id: 'evt_0b5f2a528a7e4c1e9d553f4a1b2c3d4e',
      object: 'event',
      type: 'fine_tuning.job.cancelled',
      created_at: Date.UTC(2026, 11, 4, 10, 0, 1) / 1000,
      data: { id: 'job-9', model_id: 'm-3', model_name: 'tiny', status: 'cancelled', trained_tokens: 1200 },
    });
  });

  it('list every subscribable type once', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual(['fine_tuning.job.succeeded', 'fine_tuning.job.failed', 'fine_tuning.job.cancelled', 'eval.run.succeeded', 'eval.run.failed', 'invoice.issued', 'credit.low', 'budget.threshold_reached', 'batch.completed', 'batch.failed']);
  });
});
