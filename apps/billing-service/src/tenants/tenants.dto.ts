import { z } from 'zod';

export const createTenantSchema = z.strictObject({ name: z.string().trim().min(1, 'is required').max(200) });
export type CreateTenantDto = z.infer<typeof createTenantSchema>;

export const createUserSchema = z.strictObject({
  email: z.email('must be an email address'),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
});
export type CreateUserDto = z.infer<typeof createUserSchema>;
