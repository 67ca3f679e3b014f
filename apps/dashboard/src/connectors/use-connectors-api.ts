import { useMemo } from 'react';
import { connectorsApi } from '../api/connectors';
import { useTenantSession } from '../session/session';

export function useConnectorsApi() {
  const { apiKey } = useTenantSession();
  return useMemo(() => connectorsApi(apiKey.key), [apiKey.key]);
}
