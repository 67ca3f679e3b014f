import { useState } from 'react';
import { Column } from '../components/data-table';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { CheckboxField, TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { formatDate } from '../components/format';
import { useCursorList } from '../components/cursor-list';
import { ListRows, ListView } from '../components/list-view';
import { SecretNotice } from '../components/secret-notice';
import { ApiKey, ApiKeyScope, IssuedApiKey } from '../api/billing';
import { useAdminApi } from './use-admin-api';

const SCOPES: { scope: ApiKeyScope; what: string }[] = [
  { scope: 'serving', what: 'serving: chat and completions' },
  { scope: 'data', what: 'data: corpora, cleaning, annotation' },
  { scope: 'training', what: 'training: jobs and models' },
  { scope: 'keys', what: 'keys: create and revoke this tenant’s keys (up to its own scopes)' },
];

export function ApiKeysSection({ tenantId }: { tenantId: string }) {
  const api = useAdminApi();
  const keys = useCursorList((limit, after) => api.apiKeys(tenantId, limit, after), [api, tenantId]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['serving']);
  const [expiresOn, setExpiresOn] = useState('');
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const form = useSubmit(
    () => ({
      ...(name.trim() ? {} : { name: 'Name the key after the program that will use it' }),
      ...(scopes.length ? {} : { scopes: 'Choose at least one scope' }),
      ...(expiresOn && new Date(`${expiresOn}T00:00:00Z`) <= new Date() ? { expiresAt: 'Choose a day after today, or leave it empty' } : {}),
    }),
    () => api.issueApiKey(tenantId, { name: name.trim(), scopes, expiresAt: expiresOn ? new Date(`${expiresOn}T00:00:00Z`).toISOString() : null }),
    (key) => {
      setIssued(key);
      setName('');
      keys.resource.reload();
    },
  );
  const toggle = (scope: ApiKeyScope) => setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]));
  return (
    <section className="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      {issued && (
        <SecretNotice title={`Copy the secret of “${issued.name}” now: it is shown only this once.`} secret={issued.key} label="New API key secret" onDismiss={() => setIssued(null)} />
      )}
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <TextField label="Key name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} error={form.problem('name')} />
          <TextField
            label="Expires on (optional)"
            type="date"
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.target.value)}
            error={form.problem('expiresAt')}
            hint="Empty: the key works until revoked."
          />
        </div>
        <fieldset aria-describedby={form.problem('scopes') ? 'scopes-error' : undefined}>
          <legend>Scopes</legend>
          {SCOPES.map(({ scope, what }) => (
            <CheckboxField key={scope} label={what} checked={scopes.includes(scope)} onChange={() => toggle(scope)} />
          ))}
          {form.problem('scopes') && (
            <small className="field-error" id="scopes-error">
              {form.problem('scopes')}
            </small>
          )}
        </fieldset>
        <button type="submit" className="primary" disabled={form.busy}>
          Issue key
        </button>
      </form>
      <ErrorMessage error={form.formError()} />
      <KeyTable keys={keys} tenantId={tenantId} onChange={keys.resource.reload} />
    </section>
  );
}

function KeyTable({ keys, tenantId, onChange }: { keys: ListRows<ApiKey>; tenantId: string; onChange: () => void }) {
  const api = useAdminApi();
  const [error, setError] = useState<{ id: string; error: unknown } | null>(null);
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke “${key.name}”? Programs using it stop working at once.`)) return;
    setError(null);
    try {
      await api.revokeApiKey(tenantId, key.id);
      onChange();
    } catch (caught) {
      setError({ id: key.id, error: caught });
    }
  };
  const columns: Column<ApiKey>[] = [
    { header: 'Name', cell: (key) => key.name },
    { header: 'Prefix', cellClassName: 'mono', cell: (key) => key.prefix },
    { header: 'Scopes', cell: (key) => key.scopes.join(', ') },
    { header: 'Created', cell: (key) => formatDate(key.createdAt) },
    { header: 'Expires', cell: (key) => formatDate(key.expiresAt) },
    {
      header: 'Status',
      cell: (key) => (
        <>
          {key.revokedAt ? (
            <span className="badge revoked">revoked {formatDate(key.revokedAt)}</span>
          ) : (
            <button type="button" className="danger" onClick={() => void revoke(key)} aria-label={`Revoke ${key.name}`}>
              Revoke
            </button>
          )}
          {error?.id === key.id && <ErrorMessage error={error.error} />}
        </>
      ),
    },
  ];
  return (
    <ListView
      list={keys}
      what="API keys"
      columns={columns}
      rowKey={(key) => key.id}
      empty={<EmptyState title="No API keys yet">Issue one above for each program of the tenant’s that calls the API.</EmptyState>}
    />
  );
}
