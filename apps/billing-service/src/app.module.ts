import { PlatformModule } from '@llmchain/platform';
import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { BudgetsModule } from './budgets/budgets.module';
import { BigIntJsonInterceptor } from './common/bigint-json.interceptor';
import { BILLING_CONFIG, loadBillingConfig } from './config/billing-config';
import { CreditsModule } from './credits/credits.module';
import { PrismaClient } from './generated/prisma/client';
import { InvoiceUsageModule } from './invoice-usage/invoice-usage.module';
import { InvoicesModule } from './invoices/invoices.module';
import { LedgerModule } from './ledger/ledger.module';
import { PlansModule } from './plans/plans.module';
import { QuotaModule } from './quota/quota.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TenantsModule } from './tenants/tenants.module';
import { UsageModule } from './usage/usage.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'billing-service', prismaClient: PrismaClient, serviceConfig: { token: BILLING_CONFIG, load: loadBillingConfig } }),
    AuthModule,
    TenantsModule,
    UsersModule,
    ApiKeysModule,
    PlansModule,
    SubscriptionsModule,
    QuotaModule,
    LedgerModule,
    UsageModule,
    InvoicesModule,
    InvoiceUsageModule,
    CreditsModule,
    BudgetsModule,
    WebhooksModule,
  ],
  providers: [{ provide: APP_INTERCEPTOR, useClass: BigIntJsonInterceptor }],
})
export class AppModule {}
