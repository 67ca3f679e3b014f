import { listPage, ListPage } from '@llmchain/platform';
import { createServiceDatabase, TestDatabase } from '@llmchain/testing';
import { BadRequestException } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import { AnnotationRepository } from '../../apps/data-service/src/annotation/annotation.repository';
import { CorporaRepository } from '../../apps/data-service/src/corpora/corpora.repository';
import { PrismaClient } from '../../apps/data-service/src/generated/prisma/client';

/** What the routes answer for an `after` that names no item of the list. */
const unknownCursorAnswer = (id: string) => ({ statusCode: 400, error: 'Bad Request', message: [`after: ${id} is not an item of this list; pass the last_id of the previous page`] });

/** Every page of a list, `limit` at a time, each next page asked with the previous page's last_id. */
async function walk<Row extends { id: string }>(limit: number, read: (after: string | undefined) => Promise<Row[]>, between?: (page: ListPage<string>) => Promise<void>) {
  const pages: ListPage<string>[] = [];
  for (let after: string | undefined; ; ) {
    const page = listPage(await read(after), limit, (row) => row.id);
    pages.push(page);
    await between?.(page);
    if (!page.has_more) return pages;
    after = page.last_id ?? undefined;
  }
}

/** The 400 a read answers, or a failure when it answers rows. */
async function refusal(read: Promise<unknown>): Promise<unknown> {
  const error = await read.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).getResponse();
}

/**
 * The platform's keyset pages (keysetPage) through two real repositories of data-service on its migrated database:
 * a newest-first list (corpora) and an oldest-first list with a filter (a review queue of annotations). Rows share
 * their timestamps on purpose; the expected orders are computed here from the rows inserted, apart from the SQL.
 */
describe('keyset pages on real repositories', () => {
  let database: TestDatabase;
  let db: PrismaClient;
  const tenantA = `tenant-a-${randomUUID()}`;
  const tenantB = `tenant-b-${randomUUID()}`;

  beforeAll(async () => {
    database = await createServiceDatabase('data-service');
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  describe('newest first (corpora)', () => {
    const corpora = () => new CorporaRepository(db);
    const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
    // Three timestamps, several rows on each: the order within a timestamp is the id's, descending.
    const stamps = [at(1), at(1), at(1), at(2), at(2), at(2), at(3)];
    let expected: string[] = [];
    let otherTenants: string[] = [];

    beforeAll(async () => {
      const insert = (tenantId: string, createdAt: Date) =>
        db.corpus.create({
          data: { tenantId, filename: 'c.txt', format: 'txt-whole-file', gzip: false, sha256: randomUUID(), bytes: 1n, documents: 1, blobKey: `k/${randomUUID()}`, createdAt },
        });
      const mine = [];
      for (const createdAt of stamps) mine.push(await insert(tenantA, createdAt));
      otherTenants = [(await insert(tenantB, at(2))).id, (await insert(tenantB, at(2))).id];
      expected = mine
        .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0))
        .map((corpus) => corpus.id);
    });

    it.each([1, 2, 3, 7, 100])('pages through every one of the tenant’s rows once, in order, with limit %i', async (limit) => {
      const pages = await walk(limit, (after) => corpora().list(tenantA, { limit, after }));
      expect(pages.flatMap((page) => page.data)).toEqual(expected);
      expect(pages.map((page) => page.has_more)).toEqual(pages.map((_, i) => i < pages.length - 1));
      expect(pages.map((page) => [page.first_id, page.last_id])).toEqual(pages.map((page) => [page.data[0] ?? null, page.data[page.data.length - 1] ?? null]));
    });

    it('answers an id of no row, and another tenant’s row, as an unknown cursor', async () => {
      const nowhere = randomUUID();
      expect(await refusal(corpora().list(tenantA, { limit: 5, after: nowhere }))).toEqual(unknownCursorAnswer(nowhere));
      expect(await refusal(corpora().list(tenantA, { limit: 5, after: otherTenants[0] }))).toEqual(unknownCursorAnswer(otherTenants[0]));
      const theirs = [...otherTenants].sort().reverse();
      expect((await corpora().list(tenantB, { limit: 5, after: theirs[0] })).map((c) => c.id)).toEqual(theirs.slice(1));
    });
  });

  describe('oldest first, filtered (a review queue of annotations)', () => {
    const annotations = () => new AnnotationRepository(db);
    const at = (second: number) => new Date(Date.UTC(2026, 0, 2, 0, 0, second));
    let projectId = '';
    let pendingInOrder: string[] = [];
    let otherProjectsAnnotation = '';

    const seedProject = async (tenantId: string, submitted: Date[]) => {
      const project = await db.annotationProject.create({
        data: { tenantId, name: 'queue', sourceVersionId: randomUUID(), labelSchema: { classes: ['a'], spanLabels: [] }, overlap: 1, instruction: '' },
      });
      const created = [];
      for (const [ordinal, submittedAt] of submitted.entries()) {
        const task = await db.annotationTask.create({ data: { projectId: project.id, ordinal, documentId: `d${ordinal}`, text: 'text' } });
        created.push(await db.annotation.create({ data: { taskId: task.id, projectId: project.id, annotator: `a${ordinal}`, label: 'a', spans: [], submittedAt } }));
      }
      return { project, created };
    };

    beforeAll(async () => {
      const { project, created } = await seedProject(tenantA, [at(5), at(4), at(4), at(4), at(6), at(4), at(5)]);
      projectId = project.id;
      // One of them was approved before the queue is read: the pending filter leaves it out.
      await db.annotation.update({ where: { id: created[1].id }, data: { reviewStatus: 'approved' } });
      pendingInOrder = created
        .filter((_, i) => i !== 1)
        .sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
        .map((annotation) => annotation.id);
      otherProjectsAnnotation = (await seedProject(tenantB, [at(4)])).created[0].id;
    });

    it('keeps its place after a cursor that left the filter: each page’s last item is reviewed before the next page is read', async () => {
      const pages = await walk(
        2,
        (after) => annotations().listAnnotations(projectId, 'pending', { limit: 2, after }),
        async (page) => void (page.last_id && (await db.annotation.update({ where: { id: page.last_id }, data: { reviewStatus: 'approved' } }))),
      );
      expect(pages.flatMap((page) => page.data)).toEqual(pendingInOrder);
    });

    it('answers another project’s annotation as an unknown cursor', async () => {
      expect(await refusal(annotations().listAnnotations(projectId, undefined, { limit: 2, after: otherProjectsAnnotation }))).toEqual(unknownCursorAnswer(otherProjectsAnnotation));
    });
  });
});
