import { useMemo } from 'react';
import { evalsApi } from '../api/evals';
import { useTenantSession } from '../session/session';

export function useEvalsApi() {
  const { apiKey } = useTenantSession();
  return useMemo(() => evalsApi(apiKey.key), [apiKey.key]);
}
