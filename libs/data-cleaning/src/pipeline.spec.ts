import { Readable } from 'node:stream';
import { cleanDocuments, CleaningPipeline } from './pipeline';
import { CleaningOutcome } from './decision';

const article = (topic: string) =>
  `${topic} has a long history that historians still study today. Early records describe how people used it in ` +
  'daily life, how merchants carried it between distant towns, and how rulers tried to control its trade. Over the ' +
  'centuries new methods appeared, older ones faded, and the knowledge passed from teachers to students in workshops ' +
  'and schools. Museums now keep examples of this work so that visitors can see how much has changed since then.';

async function runAll(pipeline: CleaningPipeline, docs: { id: string; text: string }[]): Promise<CleaningOutcome[]> {
  const outcomes: CleaningOutcome[] = [];
  for await (const outcome of cleanDocuments(Readable.from(docs), pipeline)) outcomes.push(outcome);
  return outcomes;
}

describe('CleaningPipeline', () => {
  it('records a decision per document: kept, redacted with counts, removed with rule, figure and original', async () => {
    const pipeline = new CleaningPipeline({ language: { keep: ['en'] } });
    const outcomes = await runAll(pipeline, [
      { id: 'a', text: article('Pottery') },
      { id: 'b', text: article('Pottery') },
      {
        id: 'c',
        text:
          'Our weaving club meets every Thursday evening in the library hall. New members are always welcome, and ' +
          'no experience is needed because we share looms, yarn and patterns with beginners. Each season we pick a ' +
          'project, such as scarves or small rugs, and finish it together before the spring fair. Contact ' +
          'weaver@example.org for details about joining, fees and the schedule for the coming months.',
      },
      { id: 'd', text: 'This note is much too short to be kept in any dataset.' },
      {
        id: 'e',
        text:
          'Die Geschichte der Töpferei ist lang und wird bis heute von Historikern untersucht. Frühe Aufzeichnungen ' +
          'beschreiben, wie Menschen sie im Alltag nutzten und wie Händler sie zwischen fernen Städten transportierten.',
      },
    ]);
    const decisions = outcomes.map((o) => o.decision);
    expect(decisions[0]).toEqual({ documentId: 'a', status: 'kept', language: 'en' });
    expect(decisions[1]).toMatchObject({ documentId: 'b', status: 'removed', rule: 'exact_duplicate', duplicateOf: 'a' });
    expect(decisions[2]).toEqual({ documentId: 'c', status: 'redacted', language: 'en', pii: { email: 1 } });
    expect(outcomes[2].output?.text).toContain('<EMAIL>');
    expect(decisions[3]).toMatchObject({ documentId: 'd', status: 'removed', rule: 'min_words', figure: 12, limit: 50 });
    expect(decisions[4]).toMatchObject({ documentId: 'e', status: 'removed', rule: 'language_not_kept', language: 'de' });

    const report = pipeline.buildReport();
    expect(report).toMatchObject({
      documentsIn: 5,
      documentsOut: 2,
      redactedDocuments: 1,
      removedByRule: { exact_duplicate: 1, min_words: 1, language_not_kept: 1 },
      languages: { en: 4, de: 1 },
      pii: { email: 1 },
      duplicateClusterCount: 1,
      largestDuplicateClusters: [{ kept: 'a', duplicates: ['b'] }],
    });
    expect(report.settingsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.estimatedTokens).toBeGreaterThan(0);
  });

  it('names the kept document for a near duplicate', async () => {
    const pipeline = new CleaningPipeline();
    const original = article('Glassmaking');
    const edited = original.replace('daily life', 'everyday life');
    const [, second] = await runAll(pipeline, [
      { id: 'x', text: original },
      { id: 'y', text: edited },
    ]);
    expect(second.decision).toMatchObject({ documentId: 'y', status: 'removed', rule: 'near_duplicate', duplicateOf: 'x' });
  });

  it('lets every stage be turned off', async () => {
    const pipeline = new CleaningPipeline({
      normalize: { enabled: false },
      language: { enabled: false },
      quality: { enabled: false },
      exactDedup: { enabled: false },
      nearDedup: { enabled: false },
      pii: { enabled: false },
    });
    const outcomes = await runAll(pipeline, [
      { id: 'a', text: 'short  a@b.io' },
      { id: 'b', text: 'short  a@b.io' },
    ]);
    expect(outcomes.map((o) => o.decision)).toEqual([
      { documentId: 'a', status: 'kept' },
      { documentId: 'b', status: 'kept' },
    ]);
    expect(outcomes[0].output?.text).toBe('short  a@b.io');
  });

  it('takes thresholds per run and hashes the settings', () => {
    const loose = new CleaningPipeline({ quality: { minWords: 1 } });
    const strict = new CleaningPipeline();
    expect(loose.process({ id: 'a', text: 'three little words' }).decision.status).toBe('kept');
    expect(strict.process({ id: 'a', text: 'three little words' }).decision.status).toBe('removed');
    expect(loose.buildReport().settingsHash).not.toBe(strict.buildReport().settingsHash);
  });
});
