import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { Wire } from '../common/wire';
import { AuthService } from './auth.service';

/** POST /auth/login's answer (auth.controller.ts). */
export const sessionSchema = z
  .object({
    token: z.string().meta({ description: 'The bearer token of the session: send it as `Authorization: Bearer <token>`' }),
    expiresAt: isoDateTime.meta({ description: 'The session ends then, or earlier when unused for the idle timeout' }),
    role: z.enum(['admin', 'tenant']),
  })
  .meta({ id: 'Session' }) satisfies z.ZodType<Wire<Awaited<ReturnType<AuthService['login']>>>>;
