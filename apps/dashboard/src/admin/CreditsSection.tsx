import { CreditGrant, CreditTransaction } from '../api/credits';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { ActionButton } from '../components/action-button';
import { EmptyState, Loaded } from '../components/feedback';
import { formatDate, formatDateTime, formatInteger, formatMoney } from '../components/format';
import { ListView } from '../components/list-view';
import { Pager, useCursorPages } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { formatCreditAmount } from './credit-amount';
import { GrantCreditsForm } from './GrantCreditsForm';
import { useCreditsApi } from './use-credits-api';

/** A tenant's prepaid credits: both balances, a grant form, every grant with void, and the history of the balance. */
export function CreditsSection({ tenantId }: { tenantId: string }) {
  const api = useCreditsApi(tenantId);
  const historyPages = useCursorPages();
  const account = useResource(() => api.balance(historyPages.after), [api, historyPages.after]);
  const grants = useCursorList((limit, after) => api.grants(limit, after), [api]);
  const changed = () => {
    account.reload();
    grants.resource.reload();
  };
  return (
    <section className="card" aria-labelledby="credits-heading">
      <h2 id="credits-heading">Prepaid credits</h2>
      <Loaded resource={account} what="the credit balance">
        {(a) => (
          <dl className="details">
            <dt>Token balance</dt>
            <dd>{formatInteger(a.balance)} tokens</dd>
            <dt>Money balance</dt>
            <dd>{a.money.currency ? formatMoney(a.money.balanceMinor, a.money.currency) : 'none granted'}</dd>
            <dt>Enforced</dt>
            <dd>{a.enforced ? 'yes: the plan is prepaid, so requests stop at zero' : 'no: the plan is not prepaid'}</dd>
          </dl>
        )}
      </Loaded>
      <GrantCreditsForm tenantId={tenantId} onGranted={changed} />
      <h3>Grants</h3>
      <ListView
        list={grants}
        what="credit grants"
        columns={grantColumns(tenantId, changed)}
        rowKey={(g) => g.id}
        empty={<EmptyState title="No credits granted yet">Grant tokens or money above; usage draws on them before it is invoiced.</EmptyState>}
      />
      <h3>History</h3>
      <Loaded resource={account} what="the credit history">
        {(a) => (
          <ListView
            list={{
              rows: a.history.data,
              pager: <Pager page={historyPages.page} hasMore={a.history.has_more} onNext={() => a.history.next_before && historyPages.next(a.history.next_before)} onPrevious={historyPages.previous} />,
            }}
            what="the credit history"
            columns={HISTORY_COLUMNS}
            rowKey={(t) => t.id}
            empty={<EmptyState title="No credit movements yet">Grants, usage drawn from them, voids and expiries appear here, newest first.</EmptyState>}
          />
        )}
      </Loaded>
    </section>
  );
}

function grantColumns(tenantId: string, onChange: () => void): Column<CreditGrant>[] {
  return [
    { header: 'Granted', cell: (g) => formatDate(g.createdAt) },
    { header: 'Amount', number: true, cell: (g) => formatCreditAmount(g.amount, g.unit) },
    { header: 'Remaining', number: true, cell: (g) => formatCreditAmount(g.remaining, g.unit) },
    { header: 'Priority', number: true, cell: (g) => g.priority },
    { header: 'Expires', cell: (g) => formatDate(g.expiresAt) },
    { header: 'Reason', cell: (g) => g.reason },
    { header: 'Status', cell: (g) => <GrantStatus grant={g} tenantId={tenantId} onChange={onChange} /> },
  ];
}

function GrantStatus({ grant, tenantId, onChange }: { grant: CreditGrant; tenantId: string; onChange: () => void }) {
  const api = useCreditsApi(tenantId);
  if (grant.status !== 'active') return <span className="badge revoked">{grant.status}</span>;
  return (
    <ActionButton
      label="Void"
      name={`Void the grant “${grant.reason}”`}
      danger
      confirm={`Void this grant? Its remaining ${formatCreditAmount(grant.remaining, grant.unit)} are taken back at once.`}
      action={() => api.void(grant.id)}
      onDone={onChange}
    />
  );
}

const HISTORY_COLUMNS: Column<CreditTransaction>[] = [
  { header: 'When', cell: (t) => formatDateTime(t.createdAt) },
  { header: 'What', cell: (t) => t.kind + (t.meter ? ` (${t.meter}, ${t.period})` : '') },
  { header: 'Change', number: true, cell: (t) => formatCreditAmount(t.amount, t.unit) },
  { header: 'Balance after', number: true, cell: (t) => formatCreditAmount(t.balanceAfter, t.unit) },
];
