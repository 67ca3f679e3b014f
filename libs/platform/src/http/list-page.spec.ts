import { BadRequestException } from '@nestjs/common';
import { keysetPage, KeysetPageRead, listPage, NEWEST_FIRST, orderByKeys } from './list-page';

type Row = { id: string; tenantId: string; createdAt: Date };

/** A list's source that records the page reads it is asked for; its cursor lookup is scoped to one tenant, as every repository's is. */
function recordingSource(rows: Row[], tenantId: string) {
  const reads: KeysetPageRead<'createdAt' | 'id'>[] = [];
  return {
    reads,
    source: {
      find: async (id: string) => rows.find((row) => row.id === id && row.tenantId === tenantId) ?? null,
      rows: async (read: KeysetPageRead<'createdAt' | 'id'>) => {
        reads.push(read);
        return rows.filter((row) => row.tenantId === tenantId).slice(0, read.take);
      },
    },
  };
}

const at = new Date('2026-01-01T00:00:00.000Z');
const rows: Row[] = [
  { id: 'a3', tenantId: 'a', createdAt: at },
  { id: 'a2', tenantId: 'a', createdAt: at },
  { id: 'b1', tenantId: 'b', createdAt: at },
];

describe('keysetPage', () => {
  it('reads the first page without a cursor: limit + 1 rows, in the order by every key', async () => {
    const { reads, source } = recordingSource(rows, 'a');
    await keysetPage({ limit: 2 }, NEWEST_FIRST, source);
    expect(reads).toEqual([{ after: {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 3 }]);
  });

  it('reads past the cursor on the first key, and on a tie of the first key past it on the next', async () => {
    const { reads, source } = recordingSource(rows, 'a');
    await keysetPage({ limit: 20, after: 'a3' }, NEWEST_FIRST, source);
    expect(reads[0].after).toEqual({ OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: 'a3' } }] });
  });

  it('compares every key of a longer ascending order in turn', async () => {
    const order = { keys: ['startsOn', 'createdAt', 'id'], direction: 'asc' } as const;
    const cursor = { startsOn: '2026-02-01', createdAt: at, id: 'x' };
    const reads: KeysetPageRead<string>[] = [];
    await keysetPage({ limit: 1, after: 'x' }, order, { find: async () => cursor, rows: async (read) => {
      reads.push(read);
      return [];
    } });
    expect(reads).toEqual([
      {
        after: { OR: [{ startsOn: { gt: '2026-02-01' } }, { startsOn: '2026-02-01', createdAt: { gt: at } }, { startsOn: '2026-02-01', createdAt: at, id: { gt: 'x' } }] },
        orderBy: orderByKeys(order),
        take: 2,
      },
    ]);
    expect(orderByKeys(order)).toEqual([{ startsOn: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }]);
  });

  it.each([
    ['names no row', 'nowhere'],
    ['names another tenant’s row', 'b1'],
  ])('refuses an `after` that %s with a 400 that says what to pass, and reads no page', async (_, after) => {
    const { reads, source } = recordingSource(rows, 'a');
    const error = await keysetPage({ limit: 2, after }, NEWEST_FIRST, source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [`after: ${after} is not an item of this list; pass the last_id of the previous page`],
    });
    expect(reads).toEqual([]);
  });
});

describe('listPage', () => {
  const view = (row: { id: string }) => row.id;

  it('says there is more when the extra row came back, and names the page’s first and last ids', () => {
    expect(listPage([{ id: 'x' }, { id: 'y' }, { id: 'z' }], 2, view)).toEqual({ object: 'list', data: ['x', 'y'], has_more: true, first_id: 'x', last_id: 'y' });
    expect(listPage([{ id: 'x' }, { id: 'y' }], 2, view)).toEqual({ object: 'list', data: ['x', 'y'], has_more: false, first_id: 'x', last_id: 'y' });
    expect(listPage([], 2, view)).toEqual({ object: 'list', data: [], has_more: false, first_id: null, last_id: null });
  });
});
