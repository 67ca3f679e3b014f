import { z } from 'zod';

export const loginSchema = z.strictObject({ email: z.email('must be an email address'), password: z.string().min(1, 'is required') });
export type LoginDto = z.infer<typeof loginSchema>;
