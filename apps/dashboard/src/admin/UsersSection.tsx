import { useState } from 'react';
import { Column } from '../components/data-table';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { TextField } from '../components/fields';
import { isEmail, useSubmit } from '../components/form-state';
import { formatDate } from '../components/format';
import { useCursorList } from '../components/cursor-list';
import { ListView } from '../components/list-view';
import { User } from '../api/billing';
import { useAdminApi } from './use-admin-api';

export function UsersSection({ tenantId }: { tenantId: string }) {
  const api = useAdminApi();
  const users = useCursorList((limit, after) => api.users(tenantId, limit, after), [api, tenantId]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(
    () => ({
      ...(isEmail(email.trim()) ? {} : { email: 'Enter an email address like ana@example.com' }),
      ...(password.length >= 12 ? {} : { password: 'Use at least 12 characters' }),
    }),
    () => api.createUser(tenantId, email.trim(), password),
    () => {
      setEmail('');
      setPassword('');
      users.resource.reload();
    },
  );
  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">Data team members</h2>
      <p className="muted">They sign in to this dashboard with their email and password to manage the tenant’s data, training and models.</p>
      <form onSubmit={form.onSubmit} noValidate className="form-row">
        <TextField label="Member email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={form.problem('email')} />
        <TextField
          label="Initial password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={form.problem('password')}
          hint="At least 12 characters; share it with the member privately."
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Add member
          </button>
        </div>
      </form>
      <ErrorMessage error={form.formError()} />
      <ListView
        list={users}
        what="members"
        columns={COLUMNS}
        rowKey={(u) => u.id}
        empty={<EmptyState title="No members yet">Add the first member of the tenant’s data team with the form above.</EmptyState>}
      />
    </section>
  );
}

const COLUMNS: Column<User>[] = [
  { header: 'Email', cell: (u) => u.email },
  { header: 'Added', cell: (u) => formatDate(u.createdAt) },
];
