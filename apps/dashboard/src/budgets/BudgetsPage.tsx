import { useMemo } from 'react';
import { Budget, BudgetAlert, budgetsApi } from '../api/budgets';
import { Column } from '../components/data-table';
import { ActionButton } from '../components/action-button';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { formatDate, formatDateTime } from '../components/format';
import { ListView } from '../components/list-view';
import { usePaged } from '../components/pagination';
import { useResource } from '../components/use-resource';
import { useTenantSession } from '../session/session';
import { budgetAmounts, formatBudgetAmount, usedPercent } from './budget-amounts';
import { CreateBudgetForm } from './CreateBudgetForm';

/** The tenant's budgets with their current window's spend and alerts; billing has no edit, so a budget is changed by replacing it. */
export function BudgetsPage() {
  const { token } = useTenantSession();
  const api = useMemo(() => budgetsApi(token), [token]);
  const budgets = useResource(() => api.list(), [api]);
  const alerts = useResource(() => api.alerts(), [api]);
  const paged = usePaged(budgets.data);
  const reached = useMemo(() => {
    const byBudget = new Map<string, BudgetAlert[]>();
    for (const alert of alerts.data ?? []) byBudget.set(alert.budgetId, [...(byBudget.get(alert.budgetId) ?? []), alert]);
    return byBudget;
  }, [alerts.data]);
  const reload = () => {
    budgets.reload();
    alerts.reload();
  };
  const columns: Column<Budget>[] = [
    { header: 'Name', rowHeader: true, cell: (b) => b.name },
    { header: 'Window', cell: (b) => (b.window === 'monthly' ? 'monthly' : `${formatDate(b.window.start)} to ${formatDate(b.window.end)}`) },
    { header: 'Mode', cell: (b) => b.mode },
    { header: 'Spent', number: true, cell: (b) => formatBudgetAmount(b, budgetAmounts(b).spent) },
    { header: 'Limit', number: true, cell: (b) => formatBudgetAmount(b, budgetAmounts(b).limit) },
    {
      header: 'Used',
      cell: (b) => {
        const used = `${usedPercent(b).toLocaleString('en-US')}%`;
        return (
          <div className="budget-used">
            <progress max={100} value={Math.min(100, usedPercent(b))} aria-label={`${b.name}: share of the limit used`} aria-valuetext={used} />
            <span>{used}</span>
          </div>
        );
      },
    },
    { header: 'Alerts at', cell: (b) => b.thresholds.map((t) => `${t}%`).join(', ') },
    { header: 'Reached this window', cell: (b) => reached.get(b.id)?.map((a) => `${a.thresholdPercent}% on ${formatDateTime(a.sentAt)}`).join(', ') ?? 'none' },
    {
      header: 'Delete',
      cell: (b) => (
        <ActionButton
          label="Delete"
          name={`Delete budget ${b.name}`}
          danger
          confirm={`Delete the budget “${b.name}”? Its limit and alerts stop at once.`}
          action={() => api.remove(b.id)}
          onDone={reload}
        />
      ),
    },
  ];
  return (
    <>
      <h1>Budgets</h1>
      <section className="card" aria-labelledby="new-budget-heading">
        <h2 id="new-budget-heading">New budget</h2>
        <CreateBudgetForm onCreated={reload} />
      </section>
      <section className="card" aria-labelledby="budgets-heading">
        <h2 id="budgets-heading">Budgets</h2>
        <ErrorMessage error={alerts.error} />
        <ListView
          list={{ ...paged, error: budgets.error }}
          what="budgets"
          columns={columns}
          rowKey={(b) => b.id}
          empty={<EmptyState title="No budgets yet">Create one above to be alerted, or stopped, before usage passes a number of tokens or an amount of money.</EmptyState>}
        />
      </section>
    </>
  );
}
