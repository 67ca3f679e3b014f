import { Worker } from 'node:worker_threads';
import { CleaningPipeline } from '../pipeline';
import { SourceDocument } from '../decision';
import { ParallelCleaningPipeline } from './parallel-pipeline';
import { ContaminationIndex } from '../contamination/contamination-index';
import { slowDocumentText } from '../testing/slow-document';

const words = ['river', 'stone', 'valley', 'farmer', 'market', 'bridge', 'winter', 'garden', 'letter', 'window', 'travel', 'silver'];

function corpus(): SourceDocument[] {
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const article = () => Array.from({ length: 80 }, () => words[Math.floor(random() * words.length)]).join(' ') + '.';
  const documents: SourceDocument[] = [];
  for (let i = 0; i < 300; i++) {
    const text =
      i % 10 === 3 ? documents[i - 1].text : i % 10 === 6 ? 'too short' : i % 10 === 8 ? `${article()} Mail me at a${i}@example.org.` : article();
    documents.push({ id: `d${i}`, text });
  }
  return documents;
}

describe('ParallelCleaningPipeline', () => {
  it('decides exactly as the serial pipeline, in input order', async () => {
    const documents = corpus();
    const serial = new CleaningPipeline({ language: { enabled: false } });
    const expected = documents.map((d) => serial.process(d));
    const parallel = new ParallelCleaningPipeline({ language: { enabled: false } }, { workers: 2 });
    try {
      const outcomes = [];
      for await (const outcome of parallel.process(documents)) outcomes.push(outcome);
      expect(outcomes).toEqual(expected);
      expect(parallel.buildReport()).toEqual(serial.buildReport());
      expect(parallel.stageMs.quality).toBeGreaterThan(0);
    } finally {
      await parallel.close();
    }
  });
});

describe('ParallelCleaningPipeline with the contamination rule', () => {
  it('checks a redacted document against the evaluation set by its text before redaction, as the serial run does', async () => {
    const documents = corpus();
    // The evaluation set holds a document that is redacted (it carries an e-mail address) and one that is not, with
    // tabs and double spaces that normalization changes.
    const index = new ContaminationIndex(100_000);
    index.add(documents[8].text);
    index.add(documents[11].text);
    documents[11] = { id: documents[11].id, text: documents[11].text.replace(/ /g, ' \t ') };
    const contamination = { index, sourceVersionId: 'eval', minMatchedNgrams: 5 };
    const serial = new CleaningPipeline({ language: { enabled: false } }, { contamination });
    const expected = documents.map((d) => serial.process(d));
    expect(expected[8].decision).toMatchObject({ status: 'removed', rule: 'contamination' });
    expect(expected[11].decision).toMatchObject({ status: 'removed', rule: 'contamination' });
    expect(expected.filter((o) => o.decision.status === 'redacted').length).toBeGreaterThan(0);
    const parallel = new ParallelCleaningPipeline({ language: { enabled: false } }, { workers: 2, contamination });
    try {
      const outcomes = [];
      for await (const outcome of parallel.process(documents)) outcomes.push(outcome);
      expect(outcomes).toEqual(expected);
    } finally {
      await parallel.close();
    }
  });
});

describe('ParallelCleaningPipeline with a time budget per document', () => {
  it('removes a document past the budget as too_slow, replaces its worker, and decides the rest as a serial run does', async () => {
    const documents = corpus().slice(0, 200);
    // With the quality rules off (slowDocumentText says why), against a budget still far above an article's cost.
    const slow: SourceDocument = { id: 'slow', text: slowDocumentText(4_000_000) };
    documents.splice(100, 0, slow);
    const budgetMs = 250;
    const settings = { language: { enabled: false }, quality: { enabled: false } };
    const serial = new CleaningPipeline(settings);
    const expected = documents.filter((d) => d !== slow).map((d) => serial.process(d));
    const parallel = new ParallelCleaningPipeline(settings, { workers: 2, documentBudgetMs: budgetMs });
    try {
      const outcomes = [];
      for await (const outcome of parallel.process(documents)) outcomes.push(outcome);
      const slowOutcome = outcomes.splice(100, 1)[0];
      expect(slowOutcome.decision).toMatchObject({ documentId: 'slow', status: 'removed', rule: 'too_slow', limit: budgetMs });
      expect((slowOutcome.decision as { figure: number }).figure).toBeGreaterThan(budgetMs);
      expect(slowOutcome.output).toBeUndefined();
      expect(outcomes).toEqual(expected);
      expect(parallel.buildReport().removedByRule.too_slow).toBe(1);
    } finally {
      await parallel.close();
    }
  });
});

describe('ParallelCleaningPipeline.close', () => {
  // Terminating a thread while it runs native code (loading its modules through @swc-node/register, or in CLD2) kills
  // the whole process, so close() asks the workers to end; it resolves once they have.
  afterEach(() => jest.restoreAllMocks());

  it('lets workers still loading their modules end by themselves', async () => {
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    const parallel = new ParallelCleaningPipeline({}, { workers: 2, documentBudgetMs: 30_000 });
    await parallel.close();
    expect(terminate).not.toHaveBeenCalled();
  });

  it('terminates only a worker stuck in a document past the budget, once the run was left early', async () => {
    const settings = { language: { enabled: false }, quality: { enabled: false } };
    // The first batch (64 documents) goes to one worker, the second, with the slow document, to the other.
    const documents = corpus().slice(0, 100);
    documents.splice(70, 0, { id: 'slow', text: slowDocumentText(4_000_000) });
    const parallel = new ParallelCleaningPipeline(settings, { workers: 2, documentBudgetMs: 250 });
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    try {
      for await (const outcome of parallel.process(documents)) {
        expect(outcome.decision.documentId).toBe('d0');
        break;
      }
    } finally {
      await parallel.close();
    }
    expect(terminate).toHaveBeenCalledTimes(1);
  });
});
