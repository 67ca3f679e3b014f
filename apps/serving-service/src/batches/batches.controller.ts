import { ApiKeyPrincipal } from '@llmchain/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { AuthenticatedRequest, ServingApiKeyGuard } from '../auth/serving-api-key.guard';
import { BatchesService } from './batches.service';
import { parseRequest } from '../openai/request-parameters';
import { batchListQuery } from './list-query';

const tenantOf = (req: AuthenticatedRequest) => (req.apiKey as ApiKeyPrincipal).tenantId;

@Controller('v1/batches')
@UseGuards(ServingApiKeyGuard)
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Post()
  @HttpCode(200)
  create(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.batches.create(req.apiKey as ApiKeyPrincipal, body);
  }

  @Get()
  list(@Req() req: AuthenticatedRequest, @Query() query: unknown) {
    const { limit, after } = parseRequest(batchListQuery, query);
    return this.batches.list(tenantOf(req), limit, after);
  }

  @Get(':id')
  get(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    return this.batches.get(tenantOf(req), id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    return this.batches.cancel(tenantOf(req), id);
  }
}
