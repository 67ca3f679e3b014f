import { RouteDoc } from '@llmchain/platform';
import { loginSchema } from './auth.dto';
import { sessionSchema } from './auth.schemas';

/** auth.controller.ts */
export const AUTH_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/auth/login', errors: [401, 403, 429], summary: 'Sign in with email and password', description: 'For admins and tenant users: answers a bearer session token. Failed attempts are throttled per address and account: 429 with Retry-After.', caller: 'tenant', auth: 'none', body: loginSchema, responses: { 200: { description: 'The new session', json: sessionSchema } } },
  { method: 'POST', path: '/auth/logout', summary: 'Sign out', description: 'Ends the session whose token is in the Authorization header; without one, nothing happens.', caller: 'tenant', auth: 'none', responses: { 204: { description: 'The session has ended' } } },
];
