import { CleaningSettingsInput } from '../api/data';
import { MAX_PAGE_SIZE } from '../api/http';
import { SelectField, TextField } from '../components/fields';
import { Problems } from '../components/form-state';
import { useResource } from '../components/use-resource';
import { useConnectorsApi } from '../connectors/use-connectors-api';

/** A classifier version to apply as a cleaning rule, and the score below which a document is removed. */
export type ClassifierDraft = { classifierId: string; threshold: string };
export const NO_CLASSIFIER: ClassifierDraft = { classifierId: '', threshold: '0.5' };

export function classifierProblems(draft: ClassifierDraft): Problems {
  const threshold = Number(draft.threshold);
  return {
    'settings.qualityClassifier.threshold':
      draft.classifierId && (draft.threshold.trim() === '' || !(threshold >= 0 && threshold <= 1)) ? 'Enter a score from 0 to 1' : undefined,
  };
}

/** The settings' part: the classifier on, or left out (off, as cleaning defaults). */
export function classifierSettings(draft: ClassifierDraft): Pick<CleaningSettingsInput, 'qualityClassifier'> {
  return draft.classifierId ? { qualityClassifier: { enabled: true, classifierId: draft.classifierId, threshold: Number(draft.threshold) } } : {};
}

export function QualityClassifierField({ draft, onChange, problem }: { draft: ClassifierDraft; onChange: (draft: ClassifierDraft) => void; problem: (field: string) => string | undefined }) {
  const api = useConnectorsApi();
  // The newest 100 versions: an older one is still applied by id through the API.
  const classifiers = useResource(() => api.classifiers(MAX_PAGE_SIZE), [api]);
  return (
    <div className="form-row">
      <SelectField
        label="Quality classifier"
        value={draft.classifierId}
        onChange={(e) => onChange({ ...draft, classifierId: e.target.value })}
        error={problem('settings.qualityClassifier.classifierId')}
      >
        <option value="">None</option>
        {(classifiers.data?.data ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            version {c.version} (accuracy {c.metrics.accuracy.toFixed(3)})
          </option>
        ))}
      </SelectField>
      <TextField
        label="Remove below score"
        inputMode="decimal"
        value={draft.threshold}
        disabled={!draft.classifierId}
        onChange={(e) => onChange({ ...draft, threshold: e.target.value })}
        error={problem('settings.qualityClassifier.threshold')}
      />
    </div>
  );
}
