import { ZodValidationPipe } from '@llmchain/platform';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { BillingAuthGuard } from '../auth/billing-auth.guard';
import { AdminOnly } from '../common/audience';
import { PlatformUsageQuery, platformUsageQuerySchema } from './platform-usage.dto';
import { PlatformUsageService } from './platform-usage.service';

@Controller('admin/usage')
@AdminOnly()
@UseGuards(BillingAuthGuard)
export class PlatformUsageController {
  constructor(private readonly usage: PlatformUsageService) {}

  /** ?period=YYYY-MM, or ?from=YYYY-MM-DD&to=YYYY-MM-DD, or this month; ?top= tenants (10). */
  @Get()
  report(@Query(new ZodValidationPipe(platformUsageQuerySchema)) query: PlatformUsageQuery) {
    return this.usage.report(query);
  }
}
