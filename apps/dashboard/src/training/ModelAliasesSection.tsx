import { useMemo, useState } from 'react';
import { AliasTarget, ModelAlias, modelAliasesApi } from '../api/model-aliases';
import { allPages } from '../api/http';
import { RegisteredModel } from '../api/training';
import { useCursorList } from '../components/cursor-list';
import { Column } from '../components/data-table';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { formatDateTime } from '../components/format';
import { Problems, useSubmit } from '../components/form-state';
import { ListView } from '../components/list-view';
import { useResource } from '../components/use-resource';
import { useTenantSession } from '../session/session';
import { useTrainingApi } from './use-training-api';

/** training-service's alias rule: lowercase letters, digits, . _ -, starting with a letter, up to 64. */
const ALIAS_NAME = /^[a-z][a-z0-9._-]{0,63}$/;

/**
 * The tenant's model aliases: the stable names its programs call, each on one version or split between two (a canary).
 * A row rolls back in one click; the form creates an alias or sets its split.
 */
export function ModelAliasesSection() {
  const { apiKey } = useTenantSession();
  const api = useMemo(() => modelAliasesApi(apiKey.key), [apiKey.key]);
  const training = useTrainingApi();
  const models = useResource(() => allPages(training.models), [training]);
  const aliases = useCursorList((limit, after) => api.list(limit, after), [api]);
  const [rollbackError, setRollbackError] = useState<unknown>(null);
  const nameOf = (id: string) => models.data?.find((m) => m.id === id)?.name ?? id;

  const rollback = async (alias: ModelAlias) => {
    setRollbackError(null);
    await api.rollback(alias.name).then(aliases.resource.reload, setRollbackError);
  };
  const columns: Column<ModelAlias>[] = [
    { header: 'Alias', cellClassName: 'mono', rowHeader: true, cell: (a) => a.name },
    { header: 'Versions', cell: (a) => a.targets.map((t) => `${nameOf(t.modelId)} ${t.weight}%`).join(' · ') },
    { header: 'Revision', number: true, cell: (a) => a.revision },
    { header: 'Changed', cell: (a) => formatDateTime(a.updatedAt) },
    {
      header: 'Roll back',
      cell: (a) => (
        <button type="button" disabled={a.revision < 2} onClick={() => void rollback(a)} aria-label={`Roll back ${a.name}`}>
          Roll back
        </button>
      ),
    },
  ];

  return (
    <section className="card" aria-labelledby="aliases-heading">
      <h2 id="aliases-heading">Aliases</h2>
      <SetAliasForm models={models.data ?? []} set={api.set} onSet={aliases.resource.reload} />
      <ErrorMessage error={rollbackError} />
      <ListView
        list={aliases}
        what="aliases"
        columns={columns}
        rowKey={(a) => a.id}
        empty={<EmptyState title="No aliases yet">Give a model a stable name your programs call, then move it between versions or split it for a canary.</EmptyState>}
      />
    </section>
  );
}

/** Creates an alias or sets its split: a version, and optionally a canary version with its share of requests. */
function SetAliasForm({ models, set, onSet }: { models: RegisteredModel[]; set: (name: string, targets: AliasTarget[]) => Promise<ModelAlias>; onSet: () => void }) {
  const [name, setName] = useState('');
  const [stable, setStable] = useState('');
  const [canary, setCanary] = useState('');
  const [canaryWeight, setCanaryWeight] = useState('10');
  const weight = Number(canaryWeight);

  const validate = (): Problems => ({
    name: ALIAS_NAME.test(name) ? undefined : 'Use lowercase letters, digits and . _ - (up to 64), starting with a letter',
    'targets.0.modelId': stable ? undefined : 'Choose the version most requests go to',
    'targets.1.modelId': canary && canary === stable ? 'Choose a different version for the canary' : undefined,
    canaryWeight: canary && !(Number.isInteger(weight) && weight >= 1 && weight <= 99) ? 'A whole percent from 1 to 99' : undefined,
  });
  const targets = (): AliasTarget[] => (canary ? [{ modelId: stable, weight: 100 - weight }, { modelId: canary, weight }] : [{ modelId: stable, weight: 100 }]);
  const form = useSubmit(validate, () => set(name, targets()), onSet);
  const options = models.map((m) => (
    <option key={m.id} value={m.id}>
      {m.name}
    </option>
  ));

  return (
    <form onSubmit={form.onSubmit} noValidate>
      <div className="form-row">
        <TextField label="Alias" value={name} onChange={(e) => setName(e.target.value)} error={form.problem('name')} hint="e.g. support-bot" />
        <SelectField label="Version" value={stable} onChange={(e) => setStable(e.target.value)} error={form.problem('targets.0.modelId')}>
          <option value="">Choose a model</option>
          {options}
        </SelectField>
        <SelectField label="Canary version (optional)" value={canary} onChange={(e) => setCanary(e.target.value)} error={form.problem('targets.1.modelId')}>
          <option value="">None</option>
          {options}
        </SelectField>
        {canary && (
          <TextField label="Canary share (%)" type="number" min={1} max={99} value={canaryWeight} onChange={(e) => setCanaryWeight(e.target.value)} error={form.problem('canaryWeight', 'targets')} />
        )}
      </div>
      <ErrorMessage error={form.formError()} />
      <button type="submit" className="primary" disabled={form.busy}>
        {form.busy ? 'Saving…' : 'Set alias'}
      </button>
    </form>
  );
}
