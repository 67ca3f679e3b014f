import { ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly } from '../common/audience';
import { mapList } from '../common/list-page';
import { planView } from '../common/plan-terms';
import { CreatePlanDto, createPlanSchema, ListPlansQuery, listPlansQuerySchema, PlanTermsDto, planTermsSchema } from './plans.dto';
import { PlansService } from './plans.service';

@Controller('admin/plans')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class PlansAdminController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  async create(@Body(new ZodValidationPipe(createPlanSchema)) body: CreatePlanDto) {
    return planView(await this.plans.create(body));
  }

  @Post(':code/versions')
  async addVersion(@Param('code') code: string, @Body(new ZodValidationPipe(planTermsSchema)) body: PlanTermsDto) {
    return planView(await this.plans.addVersion(code, body));
  }

  @Get()
  async list(@Query(new ZodValidationPipe(listPlansQuerySchema)) { includeRetired, ...page }: ListPlansQuery) {
    return mapList(await this.plans.list(includeRetired === 'true', page), planView);
  }

  @Get(':planId')
  async get(@Param('planId', ParseUUIDPipe) planId: string) {
    return planView(await this.plans.get(planId));
  }

  @Post(':planId/retire')
  async retire(@Param('planId', ParseUUIDPipe) planId: string) {
    return planView(await this.plans.retire(planId));
  }
}
