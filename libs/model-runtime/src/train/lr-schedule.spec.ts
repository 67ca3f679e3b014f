import { learningRateAt } from './lr-schedule';

const schedule = { maxLr: 1e-3, minLr: 1e-4, warmupSteps: 10, decaySteps: 110 };

describe('learningRateAt', () => {
  it('warms up linearly, never starting at zero', () => {
    expect(learningRateAt(schedule, 0)).toBeCloseTo(1e-3 / 11, 12);
    expect(learningRateAt(schedule, 4)).toBeCloseTo((5 * 1e-3) / 11, 12);
    expect(learningRateAt(schedule, 9)).toBeLessThan(1e-3);
  });

  it('decays by a half cosine from maxLr to minLr, then stays at minLr', () => {
    expect(learningRateAt(schedule, 10)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(schedule, 60)).toBeCloseTo((1e-3 + 1e-4) / 2, 12);
    expect(learningRateAt(schedule, 110)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(schedule, 5000)).toBe(1e-4);
    for (let s = 10; s < 110; s++) expect(learningRateAt(schedule, s + 1)).toBeLessThanOrEqual(learningRateAt(schedule, s));
  });
});
