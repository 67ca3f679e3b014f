import { useMemo } from 'react';
import { creditsApi } from '../api/credits';
import { useAdminSession } from '../session/session';

export function useCreditsApi(tenantId: string) {
  const { token } = useAdminSession();
  return useMemo(() => creditsApi(token, tenantId), [token, tenantId]);
}
