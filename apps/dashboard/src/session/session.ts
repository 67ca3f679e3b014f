import { createContext, useContext } from 'react';

export type AdminSession = { kind: 'admin'; email: string; token: string; expiresAt: string };
/**
 * A data-team member: billing's session token for billing's /v1 routes, and an API key the dashboard issued at
 * sign-in (expiring with the session, revoked at sign-out) for data, training and serving, which accept keys only.
 */
export type TenantSession = {
  kind: 'tenant';
  email: string;
  token: string;
  expiresAt: string;
  tenantId: string;
  tenantName: string;
  apiKey: { id: string; key: string };
};
export type Session = AdminSession | TenantSession;

const STORAGE_KEY = 'llmchain.session';

/** sessionStorage: the tab keeps its session across reloads, and closing it forgets the credentials. */
export function storedSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return session && new Date(session.expiresAt) > new Date() ? session : null;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

export type SessionContextValue = { session: Session | null; signIn: (session: Session) => void; signOut: () => Promise<void> };
export const SessionContext = createContext<SessionContextValue>({ session: null, signIn: () => undefined, signOut: async () => undefined });

export const useSessionContext = () => useContext(SessionContext);

export function useAdminSession(): AdminSession {
  const { session } = useSessionContext();
  if (session?.kind !== 'admin') throw new Error('this page is for platform admins');
  return session;
}

export function useTenantSession(): TenantSession {
  const { session } = useSessionContext();
  if (session?.kind !== 'tenant') throw new Error('this page is for a tenant’s data team');
  return session;
}
