import { z } from 'zod';

/**
 * A login email, lower-cased: mailbox names are case-insensitive in practice, so Alice@x.com and alice@x.com are one
 * account (the users table holds only lower-case emails, a CHECK enforces it, and its unique index does the rest).
 */
export const emailAddress = z
  .email('must be an email address')
  .max(320, 'must be at most 320 characters')
  .transform((email) => email.toLowerCase());
