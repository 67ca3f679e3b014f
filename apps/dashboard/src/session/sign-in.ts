import { ApiError } from '../api/api-error';
import { login, logout, tenantBillingApi } from '../api/billing';
import { send, Service } from '../api/http';
import { Session } from './session';

const KEY_PROPAGATION_TIMEOUT_MS = 30_000;

/**
 * Email and password against billing. A tenant user also gets an API key for the other services, which learn of
 * new keys from billing's apikey.created event: sign-in waits until data, training and serving accept it.
 */
export async function signInWithPassword(email: string, password: string, onStep: (step: string) => void): Promise<Session> {
  const { token, expiresAt, role } = await login(email, password);
  if (role === 'admin') return { kind: 'admin', email, token, expiresAt };
  const billing = tenantBillingApi(token);
  const tenant = await billing.tenant();
  onStep('Issuing this session’s API key…');
  const issued = await billing.issueApiKey({ name: `dashboard sign-in ${email}`, scopes: ['data', 'training', 'serving'], expiresAt });
  onStep('Waiting for the services to accept the key…');
  await Promise.all(KEY_PROBES.map(([service, path, name]) => waitUntilAccepted(service, path, issued.key, name)));
  return { kind: 'tenant', email, token, expiresAt, tenantId: tenant.id, tenantName: tenant.name, apiKey: { id: issued.id, key: issued.key } };
}

/** A cheap authenticated read on each service that keeps its own replica of billing's keys. */
const KEY_PROBES: [Service, string, string][] = [
  ['data', '/corpora', 'data-service'],
  ['training', '/v1/training/jobs', 'training-service'],
  ['serving', '/v1/models', 'serving-service'],
];

async function waitUntilAccepted(service: Service, path: string, key: string, name: string): Promise<void> {
  const deadline = Date.now() + KEY_PROPAGATION_TIMEOUT_MS;
  for (;;) {
    try {
      await send(service, path, { token: key });
      return;
    } catch (error) {
      const pending = error instanceof ApiError && error.status === 401;
      if (!pending || Date.now() > deadline) throw pending ? new Error(`${name} has not received the new API key yet: is Kafka running? Try again in a minute.`) : error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Revokes the session's key (tenants) and ends the billing session; a failure here still signs out locally. */
export async function signOutOf(session: Session): Promise<void> {
  if (session.kind === 'tenant') await tenantBillingApi(session.token).revokeApiKey(session.apiKey.id).catch(() => undefined);
  await logout(session.token).catch(() => undefined);
}
