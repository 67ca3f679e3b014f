import { ModelUsage } from '../eval-run-completion';

export type UsageByModel = Record<string, ModelUsage>;

/** Tokens each model of a run took and gave, from the run row's record of earlier attempts on. */
export class RunUsage {
  constructor(private readonly byModel: UsageByModel) {}

  add(model: { id: string; name: string }, promptTokens: number, completionTokens = 0): void {
    const entry = (this.byModel[model.id] ??= { modelName: model.name, promptTokens: 0, completionTokens: 0 });
    entry.promptTokens += promptTokens;
    entry.completionTokens += completionTokens;
  }

  snapshot(): UsageByModel {
    return structuredClone(this.byModel);
  }

  list(): ModelUsage[] {
    return Object.values(this.byModel);
  }
}
