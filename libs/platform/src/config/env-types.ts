import { z } from 'zod';

/** Environment values are strings; these parse them into what the code needs, with messages that say what to fix. */
export const port = z.coerce
  .number({ error: 'must be a TCP port number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

export const postgresUrl = z
  .string({ error: 'must be set to a postgresql:// URL' })
  .regex(/^postgres(ql)?:\/\/.+\/[^/?]+/, 'must be a postgresql://user:password@host:port/database URL');

export const redisUrl = z
  .string({ error: 'must be set to a redis:// URL' })
  .regex(/^rediss?:\/\/.+/, 'must be a redis://host:port URL');

export const brokerList = z
  .string({ error: 'must be set to a comma-separated host:port list' })
  .transform((value) => value.split(',').map((b) => b.trim()).filter(Boolean))
  .refine((brokers) => brokers.length > 0 && brokers.every((b) => /^[^:\s]+:\d+$/.test(b)), {
    message: 'must be a comma-separated list of host:port',
  });

export const positiveMs = z.coerce.number({ error: 'must be a number of milliseconds' }).int().positive();

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
