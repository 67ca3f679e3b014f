import { z } from 'zod';

/** The largest value a Postgres bigint column holds: anything larger would make the write fail with a 500. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A non-negative integer amount or token count given as a JSON number (exact integers only) or a digit string. */
export const nonNegativeBigInt = z
  .union([
    z.string().regex(/^\d{1,30}$/, 'must be a whole number of minor units or tokens'),
    z.number().int('must be a whole number').nonnegative('must not be negative').max(Number.MAX_SAFE_INTEGER, 'too large for a JSON number: send it as a string'),
  ])
  .transform((value) => BigInt(value))
  .refine((value) => value <= MAX_BIGINT, `must be at most ${MAX_BIGINT}`);

/** a*b/c rounded half up, for non-negative integers: how every prorated or per-1,000 amount is rounded. */
export function mulDivRoundHalfUp(a: bigint, b: bigint, c: bigint): bigint {
  return (2n * a * b + c) / (2n * c);
}
