import { ApiError } from '../api/api-error';
import { login, logout, tenantBillingApi } from '../api/billing';
import { send } from '../api/http';
import { Session } from './session';

const KEY_PROPAGATION_TIMEOUT_MS = 30_000;

/**
 * Email and password against billing. A tenant user also gets an API key for the other services, which learn of
 * new keys from billing's apikey.created event: sign-in waits until data-service accepts it.
 */
export async function signInWithPassword(email: string, password: string, onStep: (step: string) => void): Promise<Session> {
  const { token, expiresAt, role } = await login(email, password);
  if (role === 'admin') return { kind: 'admin', email, token, expiresAt };
  const billing = tenantBillingApi(token);
  const tenant = await billing.tenant();
  onStep('Issuing this session’s API key…');
  const issued = await billing.issueApiKey({ name: `dashboard sign-in ${email}`, scopes: ['data', 'training', 'serving'], expiresAt });
  onStep('Waiting for the services to accept the key…');
  await waitUntilAccepted(issued.key);
  return { kind: 'tenant', email, token, expiresAt, tenantId: tenant.id, tenantName: tenant.name, apiKey: { id: issued.id, key: issued.key } };
}

async function waitUntilAccepted(key: string): Promise<void> {
  const deadline = Date.now() + KEY_PROPAGATION_TIMEOUT_MS;
  for (;;) {
    try {
      await send('data', '/corpora', { token: key });
      return;
    } catch (error) {
      const pending = error instanceof ApiError && error.status === 401;
      if (!pending || Date.now() > deadline) throw pending ? new Error('data-service has not received the new API key yet: is Kafka running? Try again in a minute.') : error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Revokes the session's key (tenants) and ends the billing session; a failure here still signs out locally. */
export async function signOutOf(session: Session): Promise<void> {
  if (session.kind === 'tenant') await tenantBillingApi(session.token).revokeApiKey(session.apiKey.id).catch(() => undefined);
  await logout(session.token).catch(() => undefined);
}
