import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { loginSchema } from './auth.dto';

/** auth.controller.ts */
export const AUTH_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/auth/login', errors: [401, 403, 429], summary: 'Email and password (admins and tenant users) for a bearer session token; 429 with Retry-After when throttled', caller: 'tenant', auth: 'none', body: loginSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/auth/logout', summary: 'Logout (logout)', caller: 'tenant', auth: 'none', responses: { 204: { description: 'OK', json: undescribedAnswer } } },
];
