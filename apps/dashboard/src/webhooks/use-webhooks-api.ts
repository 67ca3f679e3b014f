import { useMemo } from 'react';
import { webhooksApi } from '../api/webhooks';
import { useTenantSession } from '../session/session';

export function useWebhooksApi() {
  const { token } = useTenantSession();
  return useMemo(() => webhooksApi(token), [token]);
}
