import { Module } from '@nestjs/common';
import { CreditAdmission } from './credit-admission';

@Module({ providers: [CreditAdmission], exports: [CreditAdmission] })
export class CreditsModule {}
