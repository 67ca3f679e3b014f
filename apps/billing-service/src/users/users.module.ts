import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { TenantsModule } from '../tenants/tenants.module';
import { AdminsController, TenantUsersAdminController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TenantsModule, ApiKeysModule],
  controllers: [TenantUsersAdminController, AdminsController],
  providers: [UsersRepository, UsersService],
})
export class UsersModule {}
