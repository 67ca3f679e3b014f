import { ListQuery } from '@llmchain/platform';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { isoDay, periodEnd, periodOf, utcDay } from '../common/period';
import { CreditsService } from '../credits/credits.service';
import { PlansService } from '../plans/plans.service';
import { QuotaService } from '../quota/quota.service';
import { TenantsService } from '../tenants/tenants.service';
import { ChangeSubscriptionDto } from './subscriptions.dto';
import { SubscriptionsRepository, SubscriptionWithPlan } from './subscriptions.repository';

/**
 * One subscription at a time: a change ends the running one the day before the new plan starts (both whole UTC
 * days), which is what prorates the fee by day on the invoice. Days of periods already invoiced cannot change.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly repository: SubscriptionsRepository,
    private readonly plans: PlansService,
    private readonly quota: QuotaService,
    private readonly tenants: TenantsService,
    private readonly credits: CreditsService,
  ) {}

  async change(tenantId: string, dto: ChangeSubscriptionDto, now = new Date()): Promise<SubscriptionWithPlan> {
    const plan = await this.plans.subscribable(dto.planId);
    const startsOn = dto.startsOn ?? utcDay(now);
    return this.repository.transaction(async (tx) => {
      if (!(await this.repository.lockTenant(tx, tenantId))) throw new NotFoundException(`tenant ${tenantId} not found`);
      await this.refuseInvoicedDay(tx, tenantId, startsOn);
      const running = await this.repository.running(tx, tenantId);
      if (running) {
        if (startsOn < running.startsOn) {
          throw new BadRequestException(`startsOn must not be before the running subscription's start ${isoDay(running.startsOn)}`);
        }
        // One invoice sums both plans' lines, so they must share a currency.
        if (running.plan.currency !== plan.currency) {
          throw new BadRequestException(`the running plan bills in ${running.plan.currency}: choose a ${running.plan.currency} plan`);
        }
        await this.repository.end(tx, running.id, startsOn);
      }
      const created = await this.repository.create(tx, tenantId, plan.id, startsOn);
      await this.quota.refresh(tx, [tenantId], now);
      await this.credits.syncEnforcement(tx, tenantId, now);
      return created;
    });
  }

  async cancel(tenantId: string, endsOn: Date | undefined, now = new Date()): Promise<SubscriptionWithPlan> {
    const end = endsOn ?? utcDay(now);
    return this.repository.transaction(async (tx) => {
      if (!(await this.repository.lockTenant(tx, tenantId))) throw new NotFoundException(`tenant ${tenantId} not found`);
      const running = await this.repository.running(tx, tenantId);
      if (!running) throw new NotFoundException(`tenant ${tenantId} has no running subscription`);
      if (end < running.startsOn) throw new BadRequestException(`endsOn must not be before the subscription's start ${isoDay(running.startsOn)}`);
      await this.refuseInvoicedDay(tx, tenantId, end);
      const ended = await this.repository.end(tx, running.id, end);
      await this.quota.refresh(tx, [tenantId], now);
      await this.credits.syncEnforcement(tx, tenantId, now);
      return ended;
    });
  }

  async history(tenantId: string, query: ListQuery) {
    await this.tenants.get(tenantId);
    return this.repository.historyList(tenantId, query);
  }

  async current(tenantId: string): Promise<SubscriptionWithPlan> {
    const running = await this.repository.current(tenantId);
    if (!running) throw new NotFoundException('no running subscription');
    return running;
  }

  private async refuseInvoicedDay(tx: Parameters<SubscriptionsRepository['running']>[0], tenantId: string, day: Date): Promise<void> {
    const closed = await this.repository.latestClosedPeriod(tx, tenantId);
    if (closed && day < periodEnd(closed.period)) {
      throw new BadRequestException(`${isoDay(day)} lies in or before ${closed.period}, which is already invoiced; choose a day from ${periodOf(periodEnd(closed.period))}-01`);
    }
  }
}
