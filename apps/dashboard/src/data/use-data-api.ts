import { useMemo } from 'react';
import { dataApi } from '../api/data';
import { useTenantSession } from '../session/session';

export function useDataApi() {
  const { apiKey } = useTenantSession();
  return useMemo(() => dataApi(apiKey.key), [apiKey.key]);
}
