import { ProgressMeter } from './progress-meter';
import { TrainingProgress } from './training-job';

describe('ProgressMeter', () => {
  it('reports at most once an interval, always the last step, with the rate since the previous report', async () => {
    let now = 0;
    const reports: TrainingProgress[] = [];
    const meter = new ProgressMeter(10, 100, 0, async (p) => void reports.push(p), () => now);
    for (let step = 1; step <= 10; step++) {
      now += 300;
      await meter.stepDone(step, 5 - step * 0.1);
    }
    // 300 ms a step: reports at steps 4 (1200 ms) and 8 (2400 ms), then the last step.
    expect(reports.map((r) => r.step)).toEqual([4, 8, 10]);
    expect(reports[0]).toMatchObject({ step: 4, totalSteps: 10, loss: 5 - 0.4, trainedTokens: 400 });
    expect(reports[0].tokensPerSecond).toBeCloseTo(400 / 1.2, 9);
    expect(reports[0].etaSeconds).toBeCloseTo(1.8, 9);
    expect(reports[1].tokensPerSecond).toBeCloseTo(400 / 1.2, 9);
    expect(reports[2]).toMatchObject({ etaSeconds: 0, trainedTokens: 1000 });
    expect(reports[2].tokensPerSecond).toBeCloseTo(200 / 0.6, 9);
  });

  it('counts the rate of a resumed run from the step it resumed at', async () => {
    let now = 0;
    const reports: TrainingProgress[] = [];
    const meter = new ProgressMeter(10, 100, 8, async (p) => void reports.push(p), () => now);
    now = 500;
    await meter.stepDone(9, 1);
    now = 1000;
    await meter.stepDone(10, 1);
    expect(reports).toEqual([expect.objectContaining({ step: 10, tokensPerSecond: 200, trainedTokens: 1000 })]);
  });

  it('leaves time outside steps out of the rate after restartWindow', async () => {
    let now = 0;
    const reports: TrainingProgress[] = [];
    const meter = new ProgressMeter(10, 100, 0, async (p) => void reports.push(p), () => now);
    now = 500;
    await meter.stepDone(1, 1);
    now = 9500;
    meter.restartWindow(1);
    now = 10_500;
    await meter.stepDone(2, 1);
    expect(reports).toEqual([expect.objectContaining({ step: 2, tokensPerSecond: 100 })]);
  });

  it('keeps reporting once an interval when the window restarts more often than that (frequent checkpoints)', async () => {
    let now = 0;
    const reports: TrainingProgress[] = [];
    const meter = new ProgressMeter(100, 100, 0, async (p) => void reports.push(p), () => now);
    for (let step = 1; step <= 30; step++) {
      now += 100;
      await meter.stepDone(step, 1);
      meter.restartWindow(step);
    }
    expect(reports.map((r) => r.step)).toEqual([10, 20, 30]);
  });
});
