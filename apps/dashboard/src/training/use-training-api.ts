import { useMemo } from 'react';
import { trainingApi } from '../api/training';
import { useTenantSession } from '../session/session';

export function useTrainingApi() {
  const { apiKey } = useTenantSession();
  return useMemo(() => trainingApi(apiKey.key), [apiKey.key]);
}
