import { Link } from 'react-router';
import { REFERENCE_SERVICES } from './api-services';

/** The API reference's table of contents: one page per service. */
export function ApiReferenceIndexPage() {
  return (
    <>
      <h1>API reference</h1>
      <p>
        Each service’s OpenAPI document, as the service itself serves it at <code>/openapi.json</code>. Operations are
        grouped by who calls them: tenants’ programs, a tenant’s data team, platform admins.
      </p>
      <ul className="reference-index">
        {REFERENCE_SERVICES.map(({ service, title, summary }) => (
          <li key={service}>
            <Link to={`/reference/${service}`}>{title}</Link> — {summary}
          </li>
        ))}
      </ul>
    </>
  );
}
