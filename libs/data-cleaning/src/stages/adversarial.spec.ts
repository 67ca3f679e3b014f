import { performance } from 'node:perf_hooks';
import { adversarialCorpus } from '../../../../tools/corpus-generator/adversarial-corpus';
import { resolveSettings } from '../config';
import { normalizeText } from './normalize';
import { redactPii } from './pii';
import { checkQuality } from './quality';

// 400k characters: a linear pattern takes milliseconds here; the quadratic ones this guards against took minutes.
const CHARS = 400_000;
const LIMIT_MS = 2_000;

describe('regex-based stages on documents built to make them backtrack', () => {
  const quality = { ...resolveSettings().quality, minWords: 0 };
  const stages: [string, (text: string) => unknown][] = [
    ['normalize', normalizeText],
    ['quality', (text) => checkQuality(text, quality)],
    ['pii', redactPii],
  ];

  it.each(adversarialCorpus(CHARS).map((d) => [d.attacks, d.text]))('%s: every stage within the limit', (_attacks, text) => {
    for (const [stage, run] of stages) {
      const started = performance.now();
      run(text);
      expect({ stage, withinLimit: performance.now() - started < LIMIT_MS }).toEqual({ stage, withinLimit: true });
    }
  });

  it('still finds the values a hostile neighbourhood surrounds', () => {
    const text = `${'a.'.repeat(50_000)} mail jane.doe@example.org or password = hunter2hunter2x ${'eyJaaaaaaaaa-'.repeat(5_000)}`;
    const { counts } = redactPii(text);
    expect(counts).toMatchObject({ email: 1, secret: 1 });
  });
});
