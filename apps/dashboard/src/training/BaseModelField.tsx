import { RegisteredModel } from '../api/training';
import { SelectField } from '../components/fields';

/** The bases a job can start from, grouped as the tenant knows them; adapters are not bases (their base is). */
const GROUPS: [string, (m: RegisteredModel) => boolean][] = [
  ['Imported bases', (m) => m.kind === 'imported' && m.visibility === 'tenant'],
  ['Platform bases', (m) => m.kind !== 'adapter' && m.visibility === 'platform'],
  ['Models you trained', (m) => m.kind === 'trained' && m.visibility === 'tenant'],
];

/** None pre-trains a new model from the dataset; a base is fine-tuned on it. */
export function BaseModelField({ models, value, onChange }: { models: RegisteredModel[]; value: string; onChange: (model: RegisteredModel | undefined) => void }) {
  return (
    <SelectField label="Base model" value={value} onChange={(e) => onChange(models.find((m) => m.id === e.target.value))}>
      <option value="">None: pre-train a new model</option>
      {GROUPS.map(([label, belongs]) => {
        const group = models.filter(belongs);
        return (
          group.length > 0 && (
            <optgroup key={label} label={label}>
              {group.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.architecture})
                </option>
              ))}
            </optgroup>
          )
        );
      })}
    </SelectField>
  );
}
