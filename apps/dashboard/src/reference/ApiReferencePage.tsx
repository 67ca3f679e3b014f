import { lazy, Suspense } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { apiUrl } from '../api/http';
import { referenceService } from './api-services';

// Swagger UI is a large bundle: loaded only when a reference page opens, never with the rest of the dashboard.
const ServiceDocument = lazy(() => import('./ServiceDocument'));

/** One service's API reference, rendered from the OpenAPI document the service serves (through the dashboard's proxy). */
export function ApiReferencePage() {
  const entry = referenceService(useParams().service);
  if (!entry) return <Navigate to="/reference" replace />;
  return (
    <>
      <p>
        <Link to="/reference">API reference</Link>
      </p>
      <h1>{entry.title}</h1>
      <p>{entry.summary}.</p>
      <Suspense fallback={<p role="status">Loading the reference…</p>}>
        <ServiceDocument key={entry.service} url={apiUrl(entry.service, '/openapi.json')} />
      </Suspense>
    </>
  );
}
