import { z } from 'zod';
import { emailAddress } from '../common/email-address';

const password = z.string().min(12, 'must be at least 12 characters').max(1024);

export const createUserSchema = z.strictObject({ email: emailAddress, password });
export type CreateUserDto = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({ email: emailAddress });
export type UpdateUserDto = z.infer<typeof updateUserSchema>;

/** Without a password, billing generates one and answers it once. */
export const resetPasswordSchema = z.strictObject({ password: password.optional() });
export type ResetPasswordDto = z.infer<typeof resetPasswordSchema>;
