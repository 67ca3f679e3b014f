import { ChainUrls } from '../../tools/main-job/chain/run-chain';
import { HttpClient } from '../../tools/main-job/chain/http-client';
import { DemoTenant, setUpTenant } from '../../tools/main-job/chain/tenant-setup';
import { ADMIN } from './chain-stack';

/** The chain's tenant, plan and key, once data, training and serving accept the key. */
export function setUpChainTenant(urls: ChainUrls, label: string): Promise<DemoTenant> {
  return setUpTenant(
    new HttpClient(urls.billing),
    ADMIN,
    [
      { client: new HttpClient(urls.data), probe: '/corpora' },
      { client: new HttpClient(urls.training), probe: '/v1/training/jobs' },
      { client: new HttpClient(urls.serving), probe: '/v1/models' },
    ],
    label,
  );
}
