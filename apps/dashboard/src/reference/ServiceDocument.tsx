import SwaggerUI from 'swagger-ui-react';
import 'swagger-ui-react/swagger-ui.css';

/**
 * Renders an OpenAPI document with Swagger UI, read-only: "Try it out" is off (no submit methods), since a call from
 * here would need the reader's secret in the page. Operations are listed under their tags, which name the caller.
 */
export default function ServiceDocument({ url }: { url: string }) {
  return (
    <div className="service-document">
      <SwaggerUI url={url} supportedSubmitMethods={[]} displayOperationId docExpansion="list" defaultModelsExpandDepth={0} />
    </div>
  );
}
