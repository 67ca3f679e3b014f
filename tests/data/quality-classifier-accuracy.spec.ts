import { classifierMetrics, DEFAULT_TRAINING, heldOutSplit, scoreQuality, trainQualityModel } from '@llmchain/data-cleaning';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';

/**
 * The quality classifier on labels whose truth is known: the generator's originals are good, its planted junk bad,
 * and one label in twenty is flipped, as annotators disagree. The held-out figures the library reports are checked
 * against a computation made here from the model's scores: a plain count for accuracy, precision and recall, and
 * every good/bad pair compared for AUC (the library ranks instead).
 */
describe('quality classifier: hashed n-grams with logistic regression, held-out figures checked independently', () => {
  const generated = [...generateCorpus({ targetBytes: 900_000, seed: 5, junkShare: 0.35, exactDuplicateShare: 0, nearDuplicateShare: 0 })];
  const labelled = generated.map(({ document, label }, i) => ({ text: document.text, good: (label.kind !== 'junk') !== (i % 20 === 7) }));
  const { training, heldOut } = heldOutSplit(labelled, 0.2);
  const model = trainQualityModel(training, { ...DEFAULT_TRAINING, deadline: Date.now() + 60_000 });
  const scored = heldOut.map((example) => ({ good: example.good, score: scoreQuality(model, example.text) }));
  const reported = classifierMetrics(scored);

  it('holds out a fifth of the labels, the same ones whatever their order', () => {
    expect(heldOut.length / labelled.length).toBeGreaterThan(0.15);
    expect(heldOut.length / labelled.length).toBeLessThan(0.25);
    const reversed = heldOutSplit([...labelled].reverse(), 0.2);
    expect(new Set(reversed.heldOut.map((example) => example.text))).toEqual(new Set(heldOut.map((example) => example.text)));
  });

  it('reports the accuracy, precision, recall and AUC that a direct count over the held-out set gives', () => {
    const correct = scored.filter(({ score, good }) => (score >= 0.5) === good).length;
    const predictedGood = scored.filter(({ score }) => score >= 0.5);
    const actuallyGood = scored.filter(({ good }) => good);
    let pairs = 0;
    let wins = 0;
    for (const good of actuallyGood)
      for (const bad of scored.filter((item) => !item.good)) {
        pairs++;
        wins += good.score > bad.score ? 1 : good.score === bad.score ? 0.5 : 0;
      }
    expect(reported.examples).toBe(heldOut.length);
    expect(reported.accuracy).toBeCloseTo(correct / scored.length, 12);
    expect(reported.precision).toBeCloseTo(predictedGood.filter(({ good }) => good).length / predictedGood.length, 12);
    expect(reported.recall).toBeCloseTo(predictedGood.filter(({ good }) => good).length / actuallyGood.length, 12);
    expect(reported.auc).toBeCloseTo(wins / pairs, 12);
  });

  it('learns the labels: held-out accuracy near the 95% the flipped labels allow, well above the majority class', () => {
    const majority = Math.max(scored.filter(({ good }) => good).length, scored.filter(({ good }) => !good).length) / scored.length;
    expect(reported.accuracy).toBeGreaterThan(0.88);
    expect(reported.accuracy).toBeGreaterThan(majority + 0.15);
    expect(reported.auc).toBeGreaterThan(0.9);
  });

  it('trains the same model from the same labels, and stops at its deadline', () => {
    const again = trainQualityModel(training, { ...DEFAULT_TRAINING, deadline: Date.now() + 60_000 });
    expect(Buffer.from(again.weights.buffer).equals(Buffer.from(model.weights.buffer))).toBe(true);
    const started = Date.now();
    trainQualityModel(training, { ...DEFAULT_TRAINING, epochs: 10_000, deadline: started + 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
