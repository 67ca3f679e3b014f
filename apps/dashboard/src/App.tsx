import { useCallback, useMemo, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { InvoiceDetailPage } from './admin/InvoiceDetailPage';
import { InvoicesPage } from './admin/InvoicesPage';
import { PlanDetailPage } from './admin/PlanDetailPage';
import { PlansPage } from './admin/PlansPage';
import { TenantDetailPage } from './admin/TenantDetailPage';
import { TenantsPage } from './admin/TenantsPage';
import { AdminUsagePage } from './admin/AdminUsagePage';
import { BatchesPage } from './batches/BatchesPage';
import { BudgetsPage } from './budgets/BudgetsPage';
import { AnnotatePage } from './data/AnnotatePage';
import { AnnotationProjectPage } from './data/AnnotationProjectPage';
import { AnnotationPage } from './data/AnnotationPage';
import { CleaningRunPage } from './data/CleaningRunPage';
import { ConnectorRunPage } from './connectors/ConnectorRunPage';
import { ConnectorsPage } from './connectors/ConnectorsPage';
import { QualityClassifiersPage } from './connectors/QualityClassifiersPage';
import { CorporaPage } from './data/CorporaPage';
import { DatasetVersionPage } from './data/DatasetVersionPage';
import { ReviewPage } from './data/ReviewPage';
import { EvalComparePage } from './evals/EvalComparePage';
import { EvalPage } from './evals/EvalPage';
import { EvalRunPage } from './evals/EvalRunPage';
import { EvalsPage } from './evals/EvalsPage';
import { Layout } from './Layout';
import { PlaygroundPage } from './playground/PlaygroundPage';
import { ApiReferenceIndexPage } from './reference/ApiReferenceIndexPage';
import { ApiReferencePage } from './reference/ApiReferencePage';
import { Session, SessionContext, storedSession, storeSession } from './session/session';
import { signOutOf } from './session/sign-in';
import { SignInPage } from './session/SignInPage';
import { JobDetailPage } from './training/JobDetailPage';
import { JobsPage } from './training/JobsPage';
import { ModelsPage } from './training/ModelsPage';
import { TenantBillingPage } from './usage/TenantBillingPage';
import { WebhookEndpointPage } from './webhooks/WebhookEndpointPage';
import { WebhooksPage } from './webhooks/WebhooksPage';

export function App() {
  const [session, setSession] = useState<Session | null>(storedSession);
  const signIn = useCallback((next: Session) => {
    storeSession(next);
    setSession(next);
  }, []);
  const signOut = useCallback(async () => {
    if (session) await signOutOf(session);
    storeSession(null);
    setSession(null);
  }, [session]);
  const context = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);

  return (
    <SessionContext.Provider value={context}>
      {!session ? (
        <Routes>
          <Route path="*" element={<SignInPage />} />
        </Routes>
      ) : (
        <Layout>
          {session.kind === 'admin' ? (
            <Routes>
              <Route path="/tenants" element={<TenantsPage />} />
              <Route path="/tenants/:tenantId" element={<TenantDetailPage />} />
              <Route path="/plans" element={<PlansPage />} />
              <Route path="/plans/:planId" element={<PlanDetailPage />} />
              <Route path="/usage" element={<AdminUsagePage />} />
              <Route path="/invoices" element={<InvoicesPage />} />
              <Route path="/invoices/:invoiceId" element={<InvoiceDetailPage />} />
              <Route path="/reference" element={<ApiReferenceIndexPage />} />
              <Route path="/reference/:service" element={<ApiReferencePage />} />
              <Route path="*" element={<Navigate to="/tenants" replace />} />
            </Routes>
          ) : (
            <Routes>
              <Route path="/corpora" element={<CorporaPage />} />
              <Route path="/cleaning-runs/:runId" element={<CleaningRunPage />} />
              <Route path="/connectors" element={<ConnectorsPage />} />
              <Route path="/connectors/runs/:runId" element={<ConnectorRunPage />} />
              <Route path="/quality-classifiers" element={<QualityClassifiersPage />} />
              <Route path="/datasets/:versionId" element={<DatasetVersionPage />} />
              <Route path="/annotation" element={<AnnotationPage />} />
              <Route path="/annotation/:projectId" element={<AnnotationProjectPage />} />
              <Route path="/annotation/:projectId/label" element={<AnnotatePage />} />
              <Route path="/annotation/:projectId/review" element={<ReviewPage />} />
              <Route path="/training" element={<JobsPage />} />
              <Route path="/training/jobs/:jobId" element={<JobDetailPage />} />
              <Route path="/models" element={<ModelsPage />} />
              <Route path="/evals" element={<EvalsPage />} />
              <Route path="/evals/:evalId" element={<EvalPage />} />
              <Route path="/evals/:evalId/runs/:runId" element={<EvalRunPage />} />
              <Route path="/evals/:evalId/compare" element={<EvalComparePage />} />
              <Route path="/playground" element={<PlaygroundPage />} />
              <Route path="/billing" element={<TenantBillingPage />} />
              <Route path="/batches" element={<BatchesPage />} />
              <Route path="/budgets" element={<BudgetsPage />} />
              <Route path="/webhooks" element={<WebhooksPage />} />
              <Route path="/webhooks/:endpointId" element={<WebhookEndpointPage />} />
              <Route path="/reference" element={<ApiReferenceIndexPage />} />
              <Route path="/reference/:service" element={<ApiReferencePage />} />
              <Route path="*" element={<Navigate to="/corpora" replace />} />
            </Routes>
          )}
        </Layout>
      )}
    </SessionContext.Provider>
  );
}
