import { InvalidEventError, TOPICS } from '@llmchain/contracts';
import { SqlExecutor } from '../database/sql-client';
import { OutboxWriter } from './outbox-writer';

/** Records the statements the writer issues; the real-Postgres path is covered by tests/platform. */
class RecordingExecutor implements SqlExecutor {
  readonly statements: { query: string; values: unknown[] }[] = [];
  async $executeRawUnsafe(query: string, ...values: unknown[]) {
    this.statements.push({ query, values });
    return values.length / 4;
  }
  async $queryRawUnsafe<T>(): Promise<T> {
    throw new Error('not used');
  }
}

const probe = (sequence: number) => ({
  topic: TOPICS.platformProbe,
  key: 'data-service->billing-service',
  data: { from: 'data-service' as const, to: 'billing-service' as const, sequence, note: '' },
});

describe('OutboxWriter', () => {
  it('wraps each event in a validated envelope with a fresh id', async () => {
    const tx = new RecordingExecutor();
    const [event] = await new OutboxWriter('data-service').write(tx, [probe(7)]);
    expect(event).toMatchObject({ type: 'platform.probe', version: 1, producer: 'data-service', data: { sequence: 7 } });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    const [{ values }] = tx.statements;
    expect(values).toEqual([event.id, 'platform.probe', 'data-service->billing-service', JSON.stringify(event)]);
  });

  it('keeps an id the caller derived', async () => {
    const tx = new RecordingExecutor();
    const id = '2ed6657d-e927-568b-95e1-2665a8aea6a2';
    const [event] = await new OutboxWriter('data-service').write(tx, [{ ...probe(3), id }]);
    expect(event.id).toBe(id);
    expect(tx.statements[0].values[0]).toBe(id);
  });

  it('writes thousands of events in a few multi-row statements', async () => {
    const tx = new RecordingExecutor();
    const events = await new OutboxWriter('data-service').write(tx, Array.from({ length: 2_500 }, (_, i) => probe(i)));
    expect(events).toHaveLength(2_500);
    expect(new Set(events.map((e) => e.id)).size).toBe(2_500);
    expect(tx.statements.map((s) => s.values.length / 4)).toEqual([1_000, 1_000, 500]);
  });

  it('prepares validated rows for a caller that inserts them itself', () => {
    const [row] = new OutboxWriter('data-service').prepare([probe(4)]);
    expect(row).toMatchObject({ topic: 'platform.probe', key: 'data-service->billing-service', event: { producer: 'data-service', data: { sequence: 4 } } });
    expect(() => new OutboxWriter('data-service').prepare([{ ...probe(1), data: { ...probe(1).data, sequence: -1 } }])).toThrow(InvalidEventError);
  });

  it('rejects an invalid event before writing anything', async () => {
    const tx = new RecordingExecutor();
    const bad = { ...probe(1), data: { ...probe(1).data, sequence: -1 } };
    await expect(new OutboxWriter('data-service').write(tx, [probe(0), bad])).rejects.toThrow(InvalidEventError);
    expect(tx.statements).toEqual([]);
  });
});
