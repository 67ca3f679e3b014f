import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { AdminsController, TenantUsersAdminController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TenantsModule],
  controllers: [TenantUsersAdminController, AdminsController],
  providers: [UsersRepository, UsersService],
})
export class UsersModule {}
