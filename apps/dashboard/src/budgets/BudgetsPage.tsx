import { useMemo } from 'react';
import { Budget, budgetsApi } from '../api/budgets';
import { Column } from '../components/data-table';
import { ActionButton } from '../components/action-button';
import { EmptyState } from '../components/feedback';
import { formatDate, formatInteger } from '../components/format';
import { ListView } from '../components/list-view';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { useTenantSession } from '../session/session';
import { CreateBudgetForm } from './CreateBudgetForm';

/** The tenant's budgets with their current window's spend; billing has no edit, so a budget is changed by replacing it. */
export function BudgetsPage() {
  const { token } = useTenantSession();
  const api = useMemo(() => budgetsApi(token), [token]);
  const budgets = useResource(() => api.list(), [api]);
  const paged = usePaged(budgets.data);
  const columns: Column<Budget>[] = [
    { header: 'Name', rowHeader: true, cell: (b) => b.name },
    { header: 'Window', cell: (b) => (b.window === 'monthly' ? 'monthly' : `${formatDate(b.window.start)} to ${formatDate(b.window.end)}`) },
    { header: 'Mode', cell: (b) => b.mode },
    { header: 'Spent', number: true, cell: (b) => formatInteger(b.spentTokens) },
    { header: 'Limit', number: true, cell: (b) => formatInteger(b.limitTokens) },
    { header: 'Used', number: true, cell: (b) => `${Number((BigInt(b.spentTokens) * 1000n) / BigInt(b.limitTokens)) / 10}%` },
    { header: 'Alerts at', cell: (b) => b.thresholds.map((t) => `${t}%`).join(', ') },
    {
      header: 'Delete',
      cell: (b) => (
        <ActionButton
          label="Delete"
          name={`Delete budget ${b.name}`}
          danger
          confirm={`Delete the budget “${b.name}”? Its limit and alerts stop at once.`}
          action={() => api.remove(b.id)}
          onDone={budgets.reload}
        />
      ),
    },
  ];
  return (
    <>
      <h1>Budgets</h1>
      <section className="card" aria-labelledby="new-budget-heading">
        <h2 id="new-budget-heading">New budget</h2>
        <CreateBudgetForm onCreated={budgets.reload} />
      </section>
      <section className="card" aria-labelledby="budgets-heading">
        <h2 id="budgets-heading">Budgets</h2>
        <ListView
          list={{ ...paged, error: budgets.error }}
          what="budgets"
          columns={columns}
          rowKey={(b) => b.id}
          empty={<EmptyState title="No budgets yet">Create one above to be alerted, or stopped, before usage passes a number of tokens.</EmptyState>}
        />
      </section>
    </>
  );
}
