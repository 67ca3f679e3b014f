import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCursorList } from '../components/cursor-list';
import { AnnotationProject } from '../api/data';
import { Column } from '../components/data-table';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { SelectField, TextArea, TextField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { formatDateTime } from '../components/format';
import { ListView } from '../components/list-view';
import { useResource } from '../components/use-resource';
import { useDataApi } from './use-data-api';

const LABEL = /^[A-Za-z0-9 _.:-]{1,64}$/;
const labelsOf = (text: string) => text.split(',').map((l) => l.trim()).filter(Boolean);

const COLUMNS: Column<AnnotationProject>[] = [
  { header: 'Project', cell: (p) => <Link to={`/annotation/${p.id}`}>{p.name}</Link> },
  { header: 'Labels', cell: (p) => [...p.labelSchema.classes, ...p.labelSchema.spanLabels.map((s) => `${s} (span)`)].join(', ') },
  { header: 'Documents', number: true, cell: (p) => p.tasks },
  { header: 'Created', cell: (p) => formatDateTime(p.createdAt) },
];

export function AnnotationPage() {
  const api = useDataApi();
  const projects = useCursorList((limit, after) => api.projects(limit, after), [api]);
  return (
    <>
      <h1>Annotation</h1>
      <section className="card" aria-labelledby="projects-heading">
        <h2 id="projects-heading">Projects</h2>
        <ListView
          list={projects}
          what="annotation projects"
          columns={COLUMNS}
          rowKey={(p) => p.id}
          empty={<EmptyState title="No annotation projects yet">Create one below over a cleaned dataset version; annotators then label its documents.</EmptyState>}
        />
      </section>
      <CreateProjectForm />
    </>
  );
}

function CreateProjectForm() {
  const api = useDataApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const versions = useResource(() => api.datasetVersions(100), [api]);
  const [name, setName] = useState('');
  const [sourceVersionId, setSource] = useState(params.get('source') ?? '');
  const [classes, setClasses] = useState('');
  const [spanLabels, setSpanLabels] = useState('');
  const [overlap, setOverlap] = useState('2');
  const [maxDocuments, setMaxDocuments] = useState('100');
  const [instruction, setInstruction] = useState('');
  const validate = (): Problems => {
    const problems: Problems = {};
    if (!name.trim()) problems.name = 'Name the project';
    if (!sourceVersionId) problems.sourceVersionId = 'Choose the dataset version to label';
    const all = [...labelsOf(classes), ...labelsOf(spanLabels)];
    if (all.length === 0) problems.labelSchema = 'Give at least one class or span label';
    else if (all.some((l) => !LABEL.test(l))) problems.labelSchema = 'Labels use letters, digits, space, _ . : or - (up to 64 each)';
    else if (new Set(labelsOf(classes)).size !== labelsOf(classes).length) problems.labelSchema = 'Each class only once';
    if (!/^([1-9]|10)$/.test(overlap)) problems.overlap = 'Enter 1 to 10 annotators per document';
    if (!/^\d+$/.test(maxDocuments) || Number(maxDocuments) < 1 || Number(maxDocuments) > 5000) problems.maxDocuments = 'Enter 1 to 5000 documents';
    if (!instruction.trim()) problems.instruction = 'Tell annotators what to do; it also becomes the prompt of the export';
    return problems;
  };
  const form = useSubmit(
    validate,
    () =>
      api.createProject({
        name: name.trim(),
        sourceVersionId,
        labelSchema: { classes: labelsOf(classes), spanLabels: labelsOf(spanLabels) },
        overlap: Number(overlap),
        instruction: instruction.trim(),
        maxDocuments: Number(maxDocuments),
      }),
    (project) => navigate(`/annotation/${project.id}`),
  );
  return (
    <section className="card" aria-labelledby="new-project">
      <h2 id="new-project">New annotation project</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <div className="form-row">
          <TextField label="Project name" value={name} onChange={(e) => setName(e.target.value)} error={form.problem('name')} />
          <SelectField label="Dataset version to label" value={sourceVersionId} onChange={(e) => setSource(e.target.value)} error={form.problem('sourceVersionId')}>
            <option value="">Choose a version…</option>
            {(versions.data?.data ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.datasetName} v{v.version} ({v.documents} documents)
              </option>
            ))}
          </SelectField>
        </div>
        <div className="form-row">
          <TextField
            label="Classes (comma-separated)"
            value={classes}
            onChange={(e) => setClasses(e.target.value)}
            placeholder="keep, drop"
            error={form.problem('labelSchema')}
            hint="One class per document."
          />
          <TextField label="Span labels (comma-separated)" value={spanLabels} onChange={(e) => setSpanLabels(e.target.value)} placeholder="person, place" hint="Marked on parts of the text." />
          <TextField label="Annotators per document" inputMode="numeric" value={overlap} onChange={(e) => setOverlap(e.target.value)} error={form.problem('overlap')} />
          <TextField label="Documents to label" inputMode="numeric" value={maxDocuments} onChange={(e) => setMaxDocuments(e.target.value)} error={form.problem('maxDocuments')} hint="The first ones of the version." />
        </div>
        <TextArea label="Instruction for annotators" value={instruction} onChange={(e) => setInstruction(e.target.value)} error={form.problem('instruction')} />
        <ErrorMessage error={form.formError()} />
        <button type="submit" className="primary" disabled={form.busy}>
          Create project
        </button>
      </form>
    </section>
  );
}
