import { Controller, DynamicModule, Get, Type } from '@nestjs/common';
import type { OpenApiDocument } from './openapi-document';

/** A controller serving the service's generated OpenAPI document at GET /openapi.json (open, like the health checks). */
export function openApiController(document: () => OpenApiDocument): Type<unknown> {
  @Controller()
  class OpenApiController {
    private readonly built = document();

    @Get('openapi.json')
    document() {
      return this.built;
    }
  }
  return OpenApiController;
}

/** A module serving the document, for an app module's imports. */
export function openApiModule(document: () => OpenApiDocument): DynamicModule {
  return { module: class OpenApiModule {}, controllers: [openApiController(document)] };
}
