import { CleaningSettingsInput } from '../config';
import { CleaningOutcome, SourceDocument } from '../decision';
import { CleaningPipeline, PipelineOptions } from '../pipeline';
import { STAGES, StageTimes } from '../prepare';
import { CleaningReport } from '../report';
import { ParallelPreparer, ParallelPreparerOptions } from './parallel-preparer';

export type ParallelPipelineOptions = PipelineOptions & ParallelPreparerOptions;

/**
 * The same decisions as {@link CleaningPipeline}, with the per-document stages spread over worker threads
 * ({@link ParallelPreparer}); this thread applies the dedup decisions strictly in input order, so the outcome equals a
 * serial run's.
 */
export class ParallelCleaningPipeline {
  private readonly pipeline: CleaningPipeline;
  private readonly preparer: ParallelPreparer;

  constructor(settings: CleaningSettingsInput = {}, options: ParallelPipelineOptions) {
    this.pipeline = new CleaningPipeline(settings, options);
    // The contamination rule, when given, reads each document's text before redaction on this thread.
    this.preparer = new ParallelPreparer(this.pipeline.settings, { ...options, readsTextBeforeRedaction: options.contamination !== undefined });
  }

  /** Time spent per stage: per-document stages summed over the workers, dedup on this thread. */
  get stageMs(): StageTimes {
    const total = this.preparer.stageMs;
    const main = this.pipeline.stageMs;
    for (const stage of STAGES) total[stage] += main[stage];
    return total;
  }

  async *process(source: AsyncIterable<SourceDocument> | Iterable<SourceDocument>): AsyncGenerator<CleaningOutcome> {
    for await (const prepared of this.preparer.prepare(source)) yield this.pipeline.processPrepared(prepared, () => prepared.precomputedRedaction);
  }

  buildReport(): CleaningReport {
    return this.pipeline.buildReport();
  }

  close(): Promise<void> {
    return this.preparer.close();
  }
}
