import { useMemo } from 'react';
import { adminApi } from '../api/billing';
import { useAdminSession } from '../session/session';

export function useAdminApi() {
  const { token } = useAdminSession();
  return useMemo(() => adminApi(token), [token]);
}
