import { useState } from 'react';
import { Link } from 'react-router';
import { QualityClassifier } from '../api/connectors';
import { Column } from '../components/data-table';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { SelectField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { formatDateTime, shortId } from '../components/format';
import { ListView } from '../components/list-view';
import { useCursorList } from '../components/cursor-list';
import { useResource } from '../components/use-resource';
import { useDataApi } from '../data/use-data-api';
import { useConnectorsApi } from './use-connectors-api';

const figure = (value: number) => value.toFixed(3);

const COLUMNS: Column<QualityClassifier>[] = [
  { header: 'Classifier', rowHeader: true, cell: (c) => `version ${c.version} (${shortId(c.id)})` },
  { header: 'Project', cell: (c) => <Link to={`/annotation/${c.projectId}`}>project {shortId(c.projectId)}</Link> },
  { header: 'Good ← → bad', cell: (c) => `${c.goodLabels.join(', ')} ← → ${c.badLabels.join(', ')}` },
  { header: 'Trained on', number: true, cell: (c) => c.trainingDocuments.toLocaleString('en-US') },
  { header: 'Held out', number: true, cell: (c) => c.metrics.examples.toLocaleString('en-US') },
  { header: 'Accuracy', number: true, cell: (c) => figure(c.metrics.accuracy) },
  { header: 'Precision', number: true, cell: (c) => figure(c.metrics.precision) },
  { header: 'Recall', number: true, cell: (c) => figure(c.metrics.recall) },
  { header: 'AUC', number: true, cell: (c) => figure(c.metrics.auc) },
  { header: 'Trained', cell: (c) => formatDateTime(c.createdAt) },
];

/** Quality classifiers trained from approved labels, with their held-out figures; a cleaning run applies one as a rule. */
export function QualityClassifiersPage() {
  const api = useConnectorsApi();
  const classifiers = useCursorList((limit, after) => api.classifiers(limit, after), [api]);
  return (
    <>
      <h1>Quality classifiers</h1>
      <TrainClassifierForm onTrained={classifiers.resource.reload} />
      <section className="card" aria-labelledby="classifiers-heading">
        <h2 id="classifiers-heading">Versions and their held-out figures</h2>
        <ListView
          list={classifiers}
          what="quality classifiers"
          columns={COLUMNS}
          rowKey={(c) => c.id}
          caption={`Figures on the 20% of labelled documents held out from training, “good” predicted at a score of 0.5 or more.`}
          empty={<EmptyState title="No classifiers yet">Train one above from an annotation project whose labels say which documents are good.</EmptyState>}
        />
      </section>
    </>
  );
}

type Side = 'good' | 'bad' | '';

function TrainClassifierForm({ onTrained }: { onTrained: () => void }) {
  const api = useConnectorsApi();
  const data = useDataApi();
  const projects = useResource(() => data.projects(100), [data]);
  const [projectId, setProjectId] = useState('');
  const [sides, setSides] = useState<Record<string, Side>>({});
  const project = projects.data?.data.find((p) => p.id === projectId);
  const labelled = (side: Side) => Object.entries(sides).filter(([, s]) => s === side).map(([label]) => label);

  const validate = (): Problems => ({
    projectId: projectId ? undefined : 'Choose the annotation project whose labels train it',
    goodLabels: projectId && labelled('good').length === 0 ? 'Mark at least one class as good' : undefined,
    badLabels: projectId && labelled('bad').length === 0 ? 'Mark at least one class as bad' : undefined,
  });
  const form = useSubmit(validate, () => api.trainClassifier({ projectId, goodLabels: labelled('good'), badLabels: labelled('bad') }), onTrained);

  return (
    <section className="card" aria-labelledby="train-classifier">
      <h2 id="train-classifier">Train a classifier</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <SelectField
          label="Annotation project"
          value={projectId}
          onChange={(e) => {
            setProjectId(e.target.value);
            setSides({});
          }}
          error={form.problem('projectId')}
        >
          <option value="">Choose a project…</option>
          {(projects.data?.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        {project && (
          <fieldset>
            <legend>What each class means (classes left out do not train it)</legend>
            <div className="form-row">
              {project.labelSchema.classes.map((label) => (
                <SelectField key={label} label={`Class “${label}”`} value={sides[label] ?? ''} onChange={(e) => setSides((all) => ({ ...all, [label]: e.target.value as Side }))}>
                  <option value="">left out</option>
                  <option value="good">good text</option>
                  <option value="bad">bad text</option>
                </SelectField>
              ))}
            </div>
            {[form.problem('goodLabels'), form.problem('badLabels')].filter(Boolean).map((problem) => (
              <p key={problem} className="field-error">
                {problem}
              </p>
            ))}
          </fieldset>
        )}
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          {form.busy ? 'Training…' : 'Train classifier'}
        </button>
      </form>
    </section>
  );
}
