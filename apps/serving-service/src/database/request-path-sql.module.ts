import { Module } from '@nestjs/common';
import { RequestPathSql } from './request-path-sql.service';

/** The request path's own small connection pool (see RequestPathSql), one per process. */
@Module({
  providers: [RequestPathSql],
  exports: [RequestPathSql],
})
export class RequestPathSqlModule {}
