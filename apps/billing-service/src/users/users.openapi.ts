import { listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { createUserSchema, resetPasswordSchema, updateUserSchema } from './users.dto';

/** users.controller.ts */
export const USERS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants/:tenantId/users', summary: 'Create (users)', caller: 'admin', auth: 'admin session', body: createUserSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/users', summary: 'List (users)', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/users/:userId', summary: 'Get (users)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'PATCH', path: '/admin/tenants/:tenantId/users/:userId', summary: 'Update (users)', caller: 'admin', auth: 'admin session', body: updateUserSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/users/:userId/deactivate', summary: 'Deactivate (deactivate)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/users/:userId/reactivate', summary: 'Reactivate (reactivate)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/users/:userId/password', summary: 'Reset password (password)', caller: 'admin', auth: 'admin session', body: resetPasswordSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'DELETE', path: '/admin/tenants/:tenantId/users/:userId', summary: 'Delete (users)', caller: 'admin', auth: 'admin session', responses: { 204: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/admins', summary: 'Create (admins)', caller: 'admin', auth: 'admin session', body: createUserSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/admins', summary: 'List (admins)', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/admins/:userId', summary: 'Get (admins)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'PATCH', path: '/admin/admins/:userId', summary: 'Update (admins)', caller: 'admin', auth: 'admin session', body: updateUserSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/admins/:userId/deactivate', summary: 'Deactivate (deactivate)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/admins/:userId/reactivate', summary: 'Reactivate (reactivate)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/admins/:userId/password', summary: 'Reset password (password)', caller: 'admin', auth: 'admin session', body: resetPasswordSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'DELETE', path: '/admin/admins/:userId', summary: 'Delete (admins)', caller: 'admin', auth: 'admin session', responses: { 204: { description: 'OK', json: undescribedAnswer } } },
];
