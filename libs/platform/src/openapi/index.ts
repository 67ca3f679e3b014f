export * from './route-doc';
export * from './wire-shapes';
export * from './openapi-document';
export * from './openapi-controller';
export * from './operational-routes.openapi';
