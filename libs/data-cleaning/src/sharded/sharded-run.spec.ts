import { generateCorpus } from '../../../../tools/corpus-generator/generate-corpus';
import { scoreQuality, trainQualityModel } from '../classifier/logistic-regression';
import { CleaningSettingsInput, resolveSettings } from '../config';
import { ContaminationIndex } from '../contamination/contamination-index';
import { ContaminationCheck } from '../contamination/contamination-rule';
import { CleaningOutcome, SourceDocument } from '../decision';
import { CleaningPipeline, PipelineOptions } from '../pipeline';
import { DocumentPreparer } from '../prepare';
import { BandPartition } from './band-partition';
import { ExactDuplicatePartition } from './exact-duplicate-partition';
import { ResolvedDuplicates, resolveNearDuplicates } from './resolved-duplicates';
import {
  DedupKeys,
  dedupKeysLine,
  dedupKeysOf,
  parseDedupKeysLine,
  parseShardDocumentLine,
  ShardDocument,
  shardDocumentLine,
  withContamination,
} from './shard-document';

const corpus: SourceDocument[] = [...generateCorpus({ targetBytes: 1_500_000, seed: 77 })].map(({ document }) => document);

/**
 * The sharded stages run here as the cleaning workers run them, each shard and partition on its own (state passes
 * only through the serialized lines a blob would hold), in an order unlike the run's, to show nothing depends on it.
 */
async function shardedOutcomes(corpus: SourceDocument[], settings: CleaningSettingsInput, options: PipelineOptions, shardSizes: number[], partitions: number) {
  const shards: SourceDocument[][] = [];
  for (let start = 0, i = 0; start < corpus.length; start += shardSizes[i++ % shardSizes.length])
    shards.push(corpus.slice(start, start + shardSizes[i % shardSizes.length]));
  const documentLines: string[][] = [];
  const keyLines: string[][] = [];
  for (const index of shards.map((_, i) => i).reverse()) {
    const preparer = new DocumentPreparer(resolveSettings(settings), options.qualityModel);
    const documents = shards[index].map((source): ShardDocument => {
      const prepared: ShardDocument = preparer.prepare(source);
      if (!prepared.removal) prepared.precomputedRedaction = preparer.redact(prepared);
      return withContamination(prepared, options.contamination);
    });
    documentLines[index] = documents.map(shardDocumentLine);
    keyLines[index] = documents.map(dedupKeysOf).filter((keys): keys is DedupKeys => keys !== null).map(dedupKeysLine);
  }
  const keysInRunOrder = () => keyLines.flat().map(parseDedupKeysLine);
  const nearSettings = resolveSettings(settings).nearDedup;
  const exact = new Map<string, string>();
  const colliding = new Set<string>();
  for (let partition = partitions - 1; partition >= 0; partition--) {
    const exactPartition = new ExactDuplicatePartition(partition, partitions);
    const bandPartition = new BandPartition(nearSettings, partition, partitions);
    for (const keys of keysInRunOrder()) {
      exactPartition.add(keys);
      bandPartition.add(keys);
    }
    for (const [id, first] of exactPartition.duplicates) exact.set(id, first);
    for (const id of bandPartition.colliding) colliding.add(id);
  }
  const near = await resolveNearDuplicates(keysInRunOrder(), colliding, exact, nearSettings);
  const merge = new CleaningPipeline(settings, { ...options, contamination: undefined, duplicates: new ResolvedDuplicates(exact, near) });
  const outcomes = documentLines.flat().map((line) => {
    const document = parseShardDocumentLine(line);
    return merge.processPrepared(document, () => document.precomputedRedaction);
  });
  return { outcomes, report: merge.buildReport(), colliding: colliding.size };
}

function singleProcess(corpus: SourceDocument[], settings: CleaningSettingsInput, options: PipelineOptions): { outcomes: CleaningOutcome[]; report: unknown } {
  const pipeline = new CleaningPipeline(settings, options);
  return { outcomes: corpus.map((document) => pipeline.process(document)), report: pipeline.buildReport() };
}

describe('a cleaning run sharded across workers', () => {
  it('decides every document as a single process does, with default settings', async () => {
    const expected = singleProcess(corpus, {}, {});
    const { outcomes, report, colliding } = await shardedOutcomes(corpus, {}, {}, [97, 250, 31], 3);
    expect(outcomes).toHaveLength(corpus.length);
    outcomes.forEach((outcome, i) => expect(outcome).toEqual(expected.outcomes[i]));
    expect(report).toEqual(expected.report);
    // The corpus plants duplicates across shard boundaries; the merge held the signatures of a minority only.
    const removed = expected.report as { removedByRule: Record<string, number> };
    expect(removed.removedByRule.exact_duplicate).toBeGreaterThan(20);
    expect(removed.removedByRule.near_duplicate).toBeGreaterThan(20);
    expect(colliding).toBeLessThan(corpus.length / 3);
  });

  it('applies the quality classifier and the contamination rule in the shards as a single process does', async () => {
    const documents = corpus.slice(0, 120);
    const qualityModel = trainQualityModel(
      documents.map((document, i) => ({ text: document.text, good: i % 3 !== 0 })),
      { dimensions: 1 << 12, epochs: 2, learningRate: 0.5, l2: 1e-6, seed: 3, deadline: Date.now() + 60_000 },
    );
    // A threshold at the fifth of the corpus scoring lowest, so the classifier removes documents whatever it learnt.
    const threshold = documents.map((document) => scoreQuality(qualityModel, document.text)).sort((a, b) => a - b)[Math.floor(documents.length / 5)];
    const index = new ContaminationIndex(1_000_000);
    for (const document of documents.filter((_, i) => i % 10 === 5)) index.add(document.text);
    const contamination: ContaminationCheck = { index, sourceVersionId: 'eval-v1', minMatchedNgrams: 2 };
    const settings: CleaningSettingsInput = {
      qualityClassifier: { enabled: true, classifierId: '00000000-0000-4000-8000-000000000001', threshold },
      contamination: { enabled: true, datasetVersionId: '00000000-0000-4000-8000-000000000002', minMatchedNgrams: 2 },
    };
    const expected = singleProcess(documents, settings, { qualityModel, contamination });
    const { outcomes, report } = await shardedOutcomes(documents, settings, { qualityModel, contamination }, [50, 23], 4);
    outcomes.forEach((outcome, i) => expect(outcome).toEqual(expected.outcomes[i]));
    expect(report).toEqual(expected.report);
    const rules = (expected.report as { removedByRule: Record<string, number> }).removedByRule;
    expect(rules.contamination).toBeGreaterThan(3);
    expect(rules.quality_classifier).toBeGreaterThan(0);
  });
});
