import { TOPICS } from '@llmchain/contracts';
import { Body, Controller, Get, Post, Query, UseGuards } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { IdempotentConsumer } from '../consumer/idempotent-consumer';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { OperatorGuard } from '../operator/operator.guard';
import { ListProbesQuery, listProbesSchema, SendProbesDto, sendProbesSchema } from './probe.dto';
import { ProbeService } from './probe.service';

@Controller('diagnostics/probes')
export class ProbeController {
  constructor(
    private readonly probes: ProbeService,
    private readonly consumer: IdempotentConsumer,
  ) {}

  @Post()
  @UseGuards(OperatorGuard)
  send(@Body(new ZodValidationPipe(sendProbesSchema)) body: SendProbesDto) {
    return this.probes.send(body);
  }

  @Get()
  @UseGuards(OperatorGuard)
  summary(@Query(new ZodValidationPipe(listProbesSchema)) query: ListProbesQuery) {
    return this.probes.summary(query);
  }

  @EventPattern(TOPICS.platformProbe)
  async onProbe(@Ctx() context: KafkaContext) {
    await this.consumer.consume(TOPICS.platformProbe, context, (event, tx) => this.probes.receive(event, tx));
  }
}
