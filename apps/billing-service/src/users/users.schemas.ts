import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { Wire } from '../common/wire';
import { UserView } from './users.repository';
import { UsersService } from './users.service';

/** The wire shapes of users.controller.ts's answers: never a password hash. */
export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(['admin', 'tenant']).meta({ description: '`admin`: a platform admin; `tenant`: a person of one tenant' }),
    tenantId: z.uuid().nullable().meta({ description: 'The tenant of a tenant user; null for admins' }),
    createdAt: isoDateTime,
    deactivatedAt: isoDateTime.nullable().meta({ description: 'Set while deactivated: such a user cannot log in' }),
  })
  .meta({ id: 'User' }) satisfies z.ZodType<Wire<UserView>>;

export const passwordResetSchema = z
  .object({
    user: userSchema,
    generatedPassword: z.string().nullable().meta({ description: 'The password billing generated when none was given, shown this once; null when one was given' }),
  })
  .meta({ id: 'PasswordReset' }) satisfies z.ZodType<Wire<Awaited<ReturnType<UsersService['resetPassword']>>>>;
