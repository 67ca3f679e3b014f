import { CleaningPipeline } from '../pipeline';
import { SourceDocument } from '../decision';
import { ParallelCleaningPipeline } from './parallel-pipeline';

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
