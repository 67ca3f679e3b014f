import { useEffect, useState } from 'react';
import { useAdminApi } from './use-admin-api';

/** The names of the tenants a page of rows mentions, each looked up once (a row shows the id's start until then). */
export function useTenantNames(ids: string[]): (id: string) => string {
  const api = useAdminApi();
  const [names, setNames] = useState<Record<string, string>>({});
  const missing = [...new Set(ids)].filter((id) => !(id in names));
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return;
    let current = true;
    void Promise.all(key.split(',').map((id) => api.tenant(id).then((t) => [id, t.name] as const, () => [id, id.slice(0, 8)] as const))).then(
      (found) => current && setNames((all) => ({ ...all, ...Object.fromEntries(found) })),
    );
    return () => {
      current = false;
    };
  }, [api, key]);
  return (id) => names[id] ?? id.slice(0, 8);
}
