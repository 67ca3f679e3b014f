import { CountedListPage } from '@llmchain/platform';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { mapList } from '../common/list-page';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { deliveryDetailView, deliveryView } from './webhook-views';
import { DeliveryListQuery } from './webhooks.dto';

/** The delivery log of one endpoint, and manual redelivery. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly repository: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsService,
  ) {}

  async list(tenantId: string, endpointId: string, query: DeliveryListQuery): Promise<CountedListPage<ReturnType<typeof deliveryView>>> {
    await this.endpoints.get(tenantId, endpointId);
    const { status, ...page } = query;
    return mapList(await this.repository.list(tenantId, endpointId, status, page), deliveryView);
  }

  async get(tenantId: string, endpointId: string, id: string): Promise<ReturnType<typeof deliveryDetailView>> {
    await this.endpoints.get(tenantId, endpointId);
    const delivery = await this.repository.find(tenantId, endpointId, id);
    if (!delivery) throw new NotFoundException(`webhook delivery ${id} not found on endpoint ${endpointId}`);
    return deliveryDetailView(delivery);
  }

  /** Sends the same event (same id, same body) again now, whatever became of it, with a fresh retry run. */
  async redeliver(tenantId: string, endpointId: string, id: string): Promise<ReturnType<typeof deliveryDetailView>> {
    const endpoint = await this.endpoints.get(tenantId, endpointId);
    if (endpoint.disabledAt) throw new ConflictException(`webhook endpoint ${endpointId} is disabled; enable it first`);
    if (!(await this.repository.redeliver(tenantId, endpointId, id))) throw new NotFoundException(`webhook delivery ${id} not found on endpoint ${endpointId}`);
    return this.get(tenantId, endpointId, id);
  }
}
