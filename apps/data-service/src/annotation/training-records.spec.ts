import { consensusCompletion, trainingRecord } from './training-records';
import { projectAgreement } from './project-agreement';

const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);

describe('consensusCompletion', () => {
  it('takes the majority class, the earliest on a tie', () => {
    const schema = { classes: ['pos', 'neg'], spanLabels: [] };
    const approved = [
      { label: 'neg', spans: [], submittedAt: at(1) },
      { label: 'pos', spans: [], submittedAt: at(2) },
      { label: 'pos', spans: [], submittedAt: at(3) },
    ];
    expect(consensusCompletion('x', approved, schema)).toBe('pos');
    expect(consensusCompletion('x', approved.slice(0, 2), schema)).toBe('neg');
  });

  it('writes spans with their text, and both together as JSON', () => {
    const text = 'Alice met Bob in Paris.';
    const spans = [
      { start: 0, end: 5, label: 'PER' },
      { start: 17, end: 22, label: 'LOC' },
    ];
    expect(consensusCompletion(text, [{ label: null, spans, submittedAt: at(1) }], { classes: [], spanLabels: ['PER', 'LOC'] })).toBe(
      '[{"text":"Alice","label":"PER"},{"text":"Paris","label":"LOC"}]',
    );
    expect(JSON.parse(consensusCompletion(text, [{ label: 'travel', spans, submittedAt: at(1) }], { classes: ['travel'], spanLabels: ['PER', 'LOC'] }))).toEqual({
      label: 'travel',
      spans: [
        { text: 'Alice', label: 'PER' },
        { text: 'Paris', label: 'LOC' },
      ],
    });
  });

  it('builds prompt/completion and chat records', () => {
    expect(trainingRecord('prompt-completion', 'Classify.', 'text', 'pos')).toEqual({ prompt: 'Classify.\n\ntext\n\n', completion: 'pos' });
    expect(trainingRecord('chat', 'Classify.', 'text', 'pos')).toEqual({
      messages: [
        { role: 'system', content: 'Classify.' },
        { role: 'user', content: 'text' },
        { role: 'assistant', content: 'pos' },
      ],
    });
  });
});

describe('projectAgreement', () => {
  it("reports Cohen's kappa for two annotators, per label too, and span agreement", () => {
    const schema = { classes: ['pos', 'neg'], spanLabels: ['PER'] };
    const annotations = [
      ['t1', 'pos', 'pos'],
      ['t2', 'neg', 'neg'],
      ['t3', 'pos', 'neg'],
      ['t4', 'neg', 'neg'],
    ].flatMap(([taskId, a, b]) => [
      { taskId, annotator: 'ann', label: a, spans: taskId === 't1' ? [{ start: 0, end: 1, label: 'PER' }] : [] },
      { taskId, annotator: 'bob', label: b, spans: taskId === 't1' ? [{ start: 0, end: 1, label: 'PER' }] : [] },
    ]);
    const agreement = projectAgreement(annotations, schema);
    expect(agreement.annotators).toBe(2);
    // p_o = 3/4, p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2 → kappa 0.5
    expect(agreement.classification?.cohenKappa).toBe(0.5);
    expect(agreement.classification?.fleissKappa).not.toBeNull();
    expect(agreement.classification?.perLabel.pos.units).toBe(4);
    expect(agreement.spans.PER.cohenKappa).toBe(1);
  });
});
