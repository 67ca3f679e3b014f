import { z } from 'zod';
import { emailAddress } from '../common/email-address';

export const loginSchema = z.strictObject({ email: emailAddress, password: z.string().min(1, 'is required').max(1024, 'must be at most 1024 characters') });
export type LoginDto = z.infer<typeof loginSchema>;
