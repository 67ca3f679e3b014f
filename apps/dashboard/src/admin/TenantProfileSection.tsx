import { ChangeEvent, useState } from 'react';
import { Tenant, TenantEdit } from '../api/billing';
import { ErrorMessage, Notice } from '../components/feedback';
import { TextField } from '../components/fields';
import { isEmail, Problems, useSubmit } from '../components/form-state';
import { useAdminApi } from './use-admin-api';

/** An optional address: empty clears it (null), anything else must look like an email. */
const emailOrNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The tenant's name and contact addresses, edited in place; only what changed is sent. */
export function TenantProfileSection({ tenant, onChange }: { tenant: Tenant; onChange: () => void }) {
  const api = useAdminApi();
  const [name, setName] = useState(tenant.name);
  const [contactEmail, setContactEmail] = useState(tenant.contactEmail ?? '');
  const [billingEmail, setBillingEmail] = useState(tenant.billingEmail ?? '');
  const [saved, setSaved] = useState(false);
  const edit: TenantEdit = Object.fromEntries(
    Object.entries({ name: name.trim(), contactEmail: emailOrNull(contactEmail), billingEmail: emailOrNull(billingEmail) }).filter(
      ([field, value]) => value !== tenant[field as keyof TenantEdit],
    ),
  );
  const changed = Object.keys(edit).length > 0;
  const validate = (): Problems => ({
    name: name.trim() ? undefined : 'Enter the tenant’s name',
    contactEmail: contactEmail.trim() && !isEmail(contactEmail.trim()) ? 'Enter an email address like ops@example.com, or leave it empty' : undefined,
    billingEmail: billingEmail.trim() && !isEmail(billingEmail.trim()) ? 'Enter an email address like billing@example.com, or leave it empty' : undefined,
  });
  const form = useSubmit(validate, () => api.updateTenant(tenant.id, edit), () => {
    setSaved(true);
    onChange();
  });
  const onEdit = (set: (value: string) => void) => (event: ChangeEvent<HTMLInputElement>) => {
    setSaved(false);
    set(event.target.value);
  };
  return (
    <section className="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <TextField label="Name" value={name} maxLength={200} onChange={onEdit(setName)} error={form.problem('name')} />
          <TextField
            label="Contact email"
            type="email"
            value={contactEmail}
            onChange={onEdit(setContactEmail)}
            error={form.problem('contactEmail')}
            hint="Optional: who to write to about the service."
          />
          <TextField
            label="Billing email"
            type="email"
            value={billingEmail}
            onChange={onEdit(setBillingEmail)}
            error={form.problem('billingEmail')}
            hint="Optional: where invoices go."
          />
        </div>
        <ErrorMessage error={form.formError()} />
        {saved && <Notice>Saved.</Notice>}
        <button type="submit" className="primary" disabled={form.busy || !changed}>
          Save profile
        </button>
      </form>
    </section>
  );
}
