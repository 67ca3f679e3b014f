import { z } from 'zod';

/**
 * What JSON makes of a value a controller answers with: BigIntJsonInterceptor writes bigints as decimal strings and
 * Dates leave as ISO 8601 strings. Wire schemas are declared `satisfies z.ZodType<Wire<View>>`, so a field of the view
 * the schema lacks, or types otherwise, breaks the build instead of drifting from the document.
 */
export type Wire<T> = T extends bigint
  ? string
  : T extends Date
    ? string
    : T extends readonly (infer Item)[]
      ? Wire<Item>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** An amount in minor units or a token count: a bigint in the code, a decimal string on the wire (exact at any size). */
export const integerString = z.string().regex(/^-?\d+$/).meta({ description: 'A whole number written as a decimal string (exact beyond 2^53)' });
