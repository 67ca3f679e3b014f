/** Meters a plan prices with tiers of their own. */
export type PricedMeter = 'prompt' | 'completion' | 'training';
export const PRICED_METERS: readonly PricedMeter[] = ['prompt', 'completion', 'training'];

/** The Batch API's meters: priced through their basis meter's tiers, less the plan's batch discount. */
export type BatchMeter = 'batch_prompt' | 'batch_completion';
export const BATCH_METER_BASIS: Record<BatchMeter, PricedMeter> = { batch_prompt: 'prompt', batch_completion: 'completion' };

export type Meter = PricedMeter | BatchMeter;

/** Included tokens are drawn by the meters in this order. */
export const METERS: readonly Meter[] = [...PRICED_METERS, 'batch_prompt', 'batch_completion'];

/** The meters of the requests serving admits (and counts against budgets itself). */
export const SERVED_METERS: readonly Meter[] = ['prompt', 'completion', 'batch_prompt', 'batch_completion'];

/** Zero tokens on every meter. */
export const noTokens = (): Record<Meter, bigint> => Object.fromEntries(METERS.map((meter) => [meter, 0n])) as Record<Meter, bigint>;
