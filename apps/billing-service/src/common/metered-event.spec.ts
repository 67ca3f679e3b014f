import { TOPICS, trainingJobCompletedV1, usageRecordedV1, usageRecordedV2 } from '@llmchain/contracts';
import { meteredTraining, meteredUsage } from './metered-event';

const tenantId = '7d8b1f4e-3b7c-4e8e-9a57-0d3f7f5e2c11';
const envelope = (type: string, data: object) => ({ id: 'e8c2a5d0-1f3b-4c6d-8e9f-0a1b2c3d4e5f', type, version: 1, occurredAt: '2026-11-30T23:59:59.999Z', producer: 'test', data });

describe('metered events', () => {
  it('meters a trained model under the name serving meters its requests under, so usage lists one model once', () => {
    const model = 'acme-small:1a2b3c4d';
    const served = meteredUsage(usageRecordedV1.parse(envelope(TOPICS.usageRecorded, { tenantId, apiKeyId: 'k-1', requestId: 'r-1', model, promptTokens: 3, completionTokens: 4 })));
    const trained = meteredTraining(
      trainingJobCompletedV1.parse(envelope(TOPICS.trainingJobCompleted, { tenantId, jobId: 'job-1', modelId: 'm-1', modelName: model, status: 'succeeded', trainedTokens: 7 })),
    );
    expect(trained).toMatchObject({ ledgerModel: served.ledgerModel, model: served.model, trainingJobId: 'job-1', tokens: { prompt: 0, completion: 0, training: 7 } });
  });

  it('falls back to the model id from a producer that did not send the name, and to the job when no model came of it', () => {
    const completed = (data: object) => meteredTraining(trainingJobCompletedV1.parse(envelope(TOPICS.trainingJobCompleted, { tenantId, jobId: 'job-2', status: 'succeeded', trainedTokens: 1, ...data })));
    expect(completed({ modelId: 'm-2' })).toMatchObject({ ledgerModel: 'm-2', model: 'm-2' });
    expect(completed({ modelId: null, modelName: null, status: 'failed' })).toMatchObject({ ledgerModel: 'training-job:job-2', model: null });
  });

  it('meters v2 batch usage on the batch meters and v2 standard usage as v1', () => {
    const data = { tenantId, apiKeyId: 'k-1', requestId: 'r-1', model: 'm', promptTokens: 3, completionTokens: 4 };
    const v2 = (extra: object) => meteredUsage(usageRecordedV2.parse({ ...envelope(TOPICS.usageRecorded, { ...data, ...extra }), version: 2 }));
    expect(v2({ meter: 'batch', batchId: 'batch_1' }).tokens).toEqual({ prompt: 0, completion: 0, training: 0, batch_prompt: 3, batch_completion: 4 });
    expect(v2({ meter: 'standard', batchId: null }).tokens).toEqual({ prompt: 3, completion: 4, training: 0, batch_prompt: 0, batch_completion: 0 });
    expect(() => v2({ meter: 'batch', batchId: null })).toThrow(/batchId/);
  });
});
