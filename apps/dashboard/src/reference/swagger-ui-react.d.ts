// swagger-ui-react ships no type declarations: the props the reference pages pass.
declare module 'swagger-ui-react' {
  import { ComponentType } from 'react';
  export type SwaggerUIProps = {
    url?: string;
    /** HTTP methods "Try it out" may send; [] makes the reference read-only. */
    supportedSubmitMethods?: string[];
    displayOperationId?: boolean;
    docExpansion?: 'list' | 'full' | 'none';
    defaultModelsExpandDepth?: number;
    deepLinking?: boolean;
    onComplete?: () => void;
  };
  const SwaggerUI: ComponentType<SwaggerUIProps>;
  export default SwaggerUI;
}
