import { ListQuery } from '@llmchain/platform';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { PlanWithTiers } from '../common/plan-terms';
import { CreatePlanDto, PlanTermsDto } from './plans.dto';
import { PlansRepository } from './plans.repository';

@Injectable()
export class PlansService {
  constructor(private readonly repository: PlansRepository) {}

  async create({ code, ...terms }: CreatePlanDto): Promise<PlanWithTiers> {
    refuseIncludedTokensOnPrepaid(terms);
    const plan = await this.repository.createVersion(code, terms, true);
    if (plan === 'exists') throw new ConflictException(`plan ${code} exists: add a version with POST /admin/plans/${code}/versions`);
    if (plan === 'missing') throw new Error('unreachable');
    return plan;
  }

  /** Plans are never edited in place: invoices keep pointing at the version they were priced with. */
  async addVersion(code: string, terms: PlanTermsDto): Promise<PlanWithTiers> {
    refuseIncludedTokensOnPrepaid(terms);
    const plan = await this.repository.createVersion(code, terms, false);
    if (plan === 'missing') throw new NotFoundException(`plan ${code} not found`);
    if (plan === 'exists') throw new Error('unreachable');
    return plan;
  }

  list(includeRetired: boolean, query: ListQuery) {
    return this.repository.list(includeRetired, query);
  }

  async get(id: string): Promise<PlanWithTiers> {
    const plan = await this.repository.find(id);
    if (!plan) throw new NotFoundException(`plan ${id} not found`);
    return plan;
  }

  /** A retired plan takes no new subscriptions; running ones continue. */
  async retire(id: string): Promise<PlanWithTiers> {
    const plan = await this.get(id);
    if (plan.retiredAt) return plan;
    return this.repository.retire(id, new Date());
  }

  async subscribable(id: string): Promise<PlanWithTiers> {
    const plan = await this.get(id);
    if (plan.retiredAt) throw new BadRequestException(`plan ${plan.code} v${plan.version} is retired: choose a current plan`);
    return plan;
  }
}

/** A prepaid plan's usage draws credits from the first token: included tokens would be drawn twice. */
function refuseIncludedTokensOnPrepaid(terms: PlanTermsDto): void {
  if (terms.prepaid && terms.includedTokens > 0n) throw new BadRequestException('includedTokens must be 0 on a prepaid plan: its usage draws credits instead');
}
