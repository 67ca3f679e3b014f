import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { createUserSchema, resetPasswordSchema, updateUserSchema } from './users.dto';
import { passwordResetSchema, userSchema } from './users.schemas';

const admin = { caller: 'admin', auth: 'admin session' } as const;
const user = (description: string) => ({ description, json: userSchema });
const RESET = 'Without a password billing generates one and answers it once. The user’s sessions end, and for a tenant user the API keys they minted are revoked.';
const SELF = 'An admin cannot do this to themselves, so one active admin always remains.';

/** users.controller.ts: a tenant's users, then the platform's admins. */
export const USERS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants/:tenantId/users', summary: 'Add a user to a tenant', description: '409 when the email is taken.', ...admin, body: createUserSchema, responses: { 201: user('The new user') } },
  { method: 'GET', path: '/admin/tenants/:tenantId/users', summary: 'List a tenant’s users', ...admin, query: listQuerySchema, responses: { 200: { description: 'A page of users', json: listPageOf(userSchema) } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/users/:userId', summary: 'Get a tenant’s user', ...admin, responses: { 200: user('The user') } },
  { method: 'PATCH', path: '/admin/tenants/:tenantId/users/:userId', summary: 'Change a tenant user’s email', ...admin, body: updateUserSchema, responses: { 200: user('The user as updated') } },
  { method: 'POST', path: '/admin/tenants/:tenantId/users/:userId/deactivate', summary: 'Deactivate a tenant’s user', description: 'Their sessions end and the API keys they minted are revoked; deactivating twice changes nothing.', ...admin, responses: { 200: user('The deactivated user') } },
  { method: 'POST', path: '/admin/tenants/:tenantId/users/:userId/reactivate', summary: 'Reactivate a tenant’s user', ...admin, responses: { 200: user('The active user') } },
  { method: 'POST', path: '/admin/tenants/:tenantId/users/:userId/password', summary: 'Reset a tenant user’s password', description: RESET, ...admin, body: resetPasswordSchema, responses: { 200: { description: 'The user, and the generated password if any', json: passwordResetSchema } } },
  { method: 'DELETE', path: '/admin/tenants/:tenantId/users/:userId', summary: 'Delete a tenant’s user', description: 'Their sessions end and the API keys they minted are revoked.', ...admin, responses: { 204: { description: 'Deleted' } } },
  { method: 'POST', path: '/admin/admins', summary: 'Add a platform admin', description: '409 when the email is taken.', ...admin, body: createUserSchema, responses: { 201: user('The new admin') } },
  { method: 'GET', path: '/admin/admins', summary: 'List the platform admins', ...admin, query: listQuerySchema, responses: { 200: { description: 'A page of admins', json: listPageOf(userSchema) } } },
  { method: 'GET', path: '/admin/admins/:userId', summary: 'Get a platform admin', ...admin, responses: { 200: user('The admin') } },
  { method: 'PATCH', path: '/admin/admins/:userId', summary: 'Change an admin’s email', ...admin, body: updateUserSchema, responses: { 200: user('The admin as updated') } },
  { method: 'POST', path: '/admin/admins/:userId/deactivate', summary: 'Deactivate an admin', description: `Their sessions end. ${SELF}`, ...admin, responses: { 200: user('The deactivated admin') } },
  { method: 'POST', path: '/admin/admins/:userId/reactivate', summary: 'Reactivate an admin', ...admin, responses: { 200: user('The active admin') } },
  { method: 'POST', path: '/admin/admins/:userId/password', summary: 'Reset an admin’s password', description: RESET, ...admin, body: resetPasswordSchema, responses: { 200: { description: 'The admin, and the generated password if any', json: passwordResetSchema } } },
  { method: 'DELETE', path: '/admin/admins/:userId', summary: 'Delete an admin', description: SELF, ...admin, responses: { 204: { description: 'Deleted' } } },
];
