import { ReactNode, useEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useSessionContext } from './session/session';

const ADMIN_LINKS = [
  ['/tenants', 'Tenants'],
  ['/plans', 'Plans'],
  ['/usage', 'Usage'],
  ['/invoices', 'Invoices'],
  ['/reference', 'API reference'],
] as const;

const TENANT_LINKS = [
  ['/connectors', 'Connectors'],
  ['/corpora', 'Corpora & cleaning'],
  ['/annotation', 'Annotation'],
  ['/quality-classifiers', 'Quality classifiers'],
  ['/training', 'Training'],
  ['/models', 'Models'],
  ['/evals', 'Evals'],
  ['/playground', 'Playground'],
  ['/billing', 'Usage & invoices'],
  ['/batches', 'Batches'],
  ['/budgets', 'Budgets'],
  ['/webhooks', 'Webhooks'],
  ['/reference', 'API reference'],
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const { session, signOut } = useSessionContext();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // A new page moves keyboard focus to its content, as a page load would.
  useEffect(() => main.current?.focus(), [location.pathname]);
  if (!session) return null;
  const links = session.kind === 'admin' ? ADMIN_LINKS : TENANT_LINKS;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">llmchain</span>
        <nav aria-label="Main">
          <ul>
            {links.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {session.email}
            {session.kind === 'tenant' ? ` · ${session.tenantName}` : ' · admin'}
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
