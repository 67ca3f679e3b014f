import { ReactNode, useState } from 'react';
import { MAX_PAGE_SIZE } from '../api/http';
import { SelectField, TextField } from '../components/fields';
import { useResource } from '../components/use-resource';
import { useAdminApi } from './use-admin-api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = {
  label: string;
  /** The label of the search field shown when there are more tenants than one page lists. */
  searchLabel: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** Options before the tenants (“Choose a tenant…”, “All tenants”). */
  children: ReactNode;
};

/**
 * Tenants to choose from: the first page of 100 by creation, and when there are more, a search by name (billing
 * searches) to narrow them. The chosen tenant stays listed whatever the search shows.
 */
export function TenantSelect({ label, searchLabel, value, onChange, error, children }: Props) {
  const api = useAdminApi();
  const [search, setSearch] = useState('');
  const q = search.trim();
  const tenants = useResource(() => api.tenants(MAX_PAGE_SIZE, undefined, q ? { q } : {}), [api, q]);
  const listed = tenants.data?.data ?? [];
  const chosen = useResource(
    async () => (UUID.test(value) && !listed.some((t) => t.id === value) ? api.tenant(value).catch(() => null) : null),
    [api, value, tenants.data],
  );
  const options = chosen.data ? [chosen.data, ...listed] : listed;
  return (
    <>
      {(q || tenants.data?.has_more) && (
        <TextField
          label={searchLabel}
          type="search"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
          hint={tenants.data ? matchesHint(tenants.data.total, tenants.data.has_more) : undefined}
        />
      )}
      <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error}>
        {children}
        {options.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </SelectField>
    </>
  );
}

function matchesHint(total: number, more: boolean): string {
  const matches = total === 1 ? '1 tenant matches' : `${total} tenants match`;
  return more ? `${matches}; the list shows the first ${MAX_PAGE_SIZE}: type more of the name.` : `${matches}.`;
}
