import { z } from 'zod';

/**
 * A login email, lower-cased: mailbox names are case-insensitive in practice, so Alice@x.com and alice@x.com are one
 * account: every email billing stores goes through this, so the users table's unique index compares case-insensitively.
 */
export const emailAddress = z
  .email('must be an email address')
  .max(320, 'must be at most 320 characters')
  .transform((email) => email.toLowerCase());
