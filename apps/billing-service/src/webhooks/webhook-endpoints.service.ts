import { CountedListPage, ListQuery } from '@llmchain/platform';
import { ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mapList } from '../common/list-page';
import { BILLING_CONFIG, BillingConfig } from '../config/billing-config';
import { newSigningSecret, SIGNING_SECRET_BOX, SigningSecretBox } from './signing-secret-box';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { checkedTargetUrl } from './webhook-target';
import { EndpointView, endpointView } from './webhook-views';
import { CreateEndpointDto, RotateSecretDto, UpdateEndpointDto } from './webhooks.dto';

/** An endpoint with its signing secret, answered once: at creation and at each rotation. */
export type EndpointWithSecret = EndpointView & { secret: string };

@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly repository: WebhookEndpointsRepository,
    @Inject(SIGNING_SECRET_BOX) private readonly secrets: SigningSecretBox | null,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  async create(tenantId: string, dto: CreateEndpointDto): Promise<EndpointWithSecret> {
    const box = this.secretBox();
    const url = await checkedTargetUrl(dto.url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    const id = randomUUID();
    const secret = newSigningSecret();
    const max = this.config.WEBHOOK_MAX_ENDPOINTS_PER_TENANT;
    const row = await this.repository.createWithin(max, { id, tenantId, url, eventTypes: dto.eventTypes, description: dto.description, secretCiphertext: box.seal(secret, id) });
    if (row === 'limit') throw new ConflictException(`this tenant already has ${max} webhook endpoints, the most allowed; delete one first`);
    return { ...endpointView(row), secret };
  }

  async list(tenantId: string, query: ListQuery): Promise<CountedListPage<EndpointView>> {
    return mapList(await this.repository.list(tenantId, query), endpointView);
  }

  async get(tenantId: string, id: string): Promise<EndpointView> {
    return endpointView(found(await this.repository.find(tenantId, id), id));
  }

  async update(tenantId: string, id: string, dto: UpdateEndpointDto): Promise<EndpointView> {
    const url = dto.url === undefined ? undefined : await checkedTargetUrl(dto.url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    return endpointView(found(await this.repository.update(tenantId, id, { ...dto, url }), id));
  }

  /** Stops deliveries to the endpoint (pending ones wait); disabling a disabled endpoint keeps its first reason. */
  async disable(tenantId: string, id: string): Promise<EndpointView> {
    const endpoint = await this.get(tenantId, id);
    if (endpoint.disabledAt) return endpoint;
    return endpointView(found(await this.repository.update(tenantId, id, { disabledAt: new Date(), disabledReason: 'tenant' }), id));
  }

  /** Resumes deliveries, the pending ones first, with a fresh failure run. */
  async enable(tenantId: string, id: string): Promise<EndpointView> {
    return endpointView(found(await this.repository.update(tenantId, id, { disabledAt: null, disabledReason: null, failingSince: null }), id));
  }

  async delete(tenantId: string, id: string): Promise<void> {
    if (!(await this.repository.delete(tenantId, id))) throw notFound(id);
  }

  /** A new secret, answered once; the old one keeps signing beside it for the overlap so receivers can switch. */
  async rotateSecret(tenantId: string, id: string, dto: RotateSecretDto): Promise<EndpointWithSecret> {
    const box = this.secretBox();
    const secret = newSigningSecret();
    const previousExpiresAt = dto.overlapSeconds > 0 ? new Date(Date.now() + dto.overlapSeconds * 1000) : null;
    const row = found(await this.repository.rotateSecret(tenantId, id, (endpointId) => box.seal(secret, endpointId), previousExpiresAt), id);
    return { ...endpointView(row), secret };
  }

  private secretBox(): SigningSecretBox {
    if (!this.secrets) throw new ServiceUnavailableException('webhooks are not configured on this platform: the operator must set WEBHOOK_SECRET_KEY');
    return this.secrets;
  }
}

function found<T>(row: T | null, id: string): T {
  if (!row) throw notFound(id);
  return row;
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`webhook endpoint ${id} not found`);
}
