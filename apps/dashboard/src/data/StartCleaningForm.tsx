import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CleaningSettingsInput } from '../api/data';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, TextField } from '../components/fields';
import { Problems, useSubmit } from '../components/form-state';
import { classifierProblems, classifierSettings, NO_CLASSIFIER, QualityClassifierField } from './QualityClassifierField';
import { useDataApi } from './use-data-api';

type NumberSetting = { stage: 'quality' | 'nearDedup' | 'language'; name: string; label: string; min: number; max: number; integer: boolean };

const NUMBER_SETTINGS: NumberSetting[] = [
  { stage: 'quality', name: 'minWords', label: 'Fewest words a document may have', min: 0, max: 1_000_000, integer: true },
  { stage: 'quality', name: 'maxWords', label: 'Most words a document may have', min: 1, max: 10_000_000, integer: true },
  { stage: 'quality', name: 'minAlphabeticWordShare', label: 'Least share of words with a letter (0–1)', min: 0, max: 1, integer: false },
  { stage: 'nearDedup', name: 'minJaccard', label: 'Near-duplicate similarity (Jaccard, 0–1)', min: 0, max: 1, integer: false },
  { stage: 'nearDedup', name: 'bands', label: 'MinHash bands', min: 1, max: 64, integer: true },
  { stage: 'nearDedup', name: 'rows', label: 'MinHash rows per band', min: 1, max: 32, integer: true },
];
const DEFAULTS: Record<string, string> = { minWords: '50', maxWords: '100000', minAlphabeticWordShare: '0.8', minJaccard: '0.7', bands: '20', rows: '5' };
const STAGES = [
  ['normalize', 'Normalize Unicode and whitespace'],
  ['language', 'Identify languages'],
  ['quality', 'Quality rules (Gopher/C4)'],
  ['exactDedup', 'Remove exact duplicates'],
  ['nearDedup', 'Remove near duplicates (MinHash)'],
  ['pii', 'Redact personal data'],
] as const;
type Stage = (typeof STAGES)[number][0];

/** The pipeline's settings, each stage switchable, the thresholds people tune most often exposed. */
export function StartCleaningForm({ corpusIds }: { corpusIds: string[] }) {
  const api = useDataApi();
  const navigate = useNavigate();
  const [datasetName, setDatasetName] = useState('');
  const [enabled, setEnabled] = useState<Record<Stage, boolean>>({ normalize: true, language: true, quality: true, exactDedup: true, nearDedup: true, pii: true });
  const [numbers, setNumbers] = useState(DEFAULTS);
  const [keepLanguages, setKeepLanguages] = useState('');
  const [classifier, setClassifier] = useState(NO_CLASSIFIER);

  const validate = (): Problems => {
    const problems: Problems = {};
    if (corpusIds.length === 0) problems.corpusIds = 'Select at least one corpus in the table above';
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(datasetName)) problems.datasetName = 'Use letters, digits, dot, underscore or dash (up to 100)';
    const codes = keepLanguages.split(',').map((c) => c.trim()).filter(Boolean);
    if (codes.some((c) => !/^[a-z]{2}$/.test(c))) problems['settings.language.keep'] = 'Use two-letter codes separated by commas, like en, de';
    for (const s of NUMBER_SETTINGS) {
      const value = Number(numbers[s.name]);
      const text = numbers[s.name].trim();
      if (!text || Number.isNaN(value) || value < s.min || value > s.max || (s.integer && !Number.isInteger(value)))
        problems[`settings.${s.stage}.${s.name}`] = `Enter ${s.integer ? 'a whole number' : 'a number'} from ${s.min} to ${s.max}`;
    }
    return { ...problems, ...classifierProblems(classifier) };
  };

  const settings = (): CleaningSettingsInput => {
    const value = (name: string) => Number(numbers[name]);
    return {
      normalize: { enabled: enabled.normalize },
      language: { enabled: enabled.language, keep: keepLanguages.split(',').map((c) => c.trim()).filter(Boolean) },
      quality: {
        enabled: enabled.quality,
        minWords: value('minWords'),
        maxWords: value('maxWords'),
        minAlphabeticWordShare: value('minAlphabeticWordShare'),
      },
      exactDedup: { enabled: enabled.exactDedup },
      nearDedup: { enabled: enabled.nearDedup, minJaccard: value('minJaccard'), bands: value('bands'), rows: value('rows') },
      pii: { enabled: enabled.pii },
      ...classifierSettings(classifier),
    };
  };

  const form = useSubmit(validate, () => api.startCleaningRun({ corpusIds, datasetName, settings: settings() }), (run) => navigate(`/cleaning-runs/${run.id}`));

  return (
    <form onSubmit={form.onSubmit} noValidate aria-labelledby="clean-heading">
      <h3 id="clean-heading">Clean the selected corpora ({corpusIds.length} selected)</h3>
      {form.problem('corpusIds') && <p className="field-error">{form.problem('corpusIds')}</p>}
      <TextField
        label="Dataset name"
        value={datasetName}
        onChange={(e) => setDatasetName(e.target.value)}
        error={form.problem('datasetName')}
        hint="The run’s output becomes the next version of this dataset."
      />
      <fieldset>
        <legend>Stages</legend>
        {STAGES.map(([stage, label]) => (
          <CheckboxField key={stage} label={label} checked={enabled[stage]} onChange={(e) => setEnabled((s) => ({ ...s, [stage]: e.target.checked }))} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Thresholds</legend>
        <div className="form-row">
          <TextField
            label="Keep only languages (optional)"
            value={keepLanguages}
            onChange={(e) => setKeepLanguages(e.target.value)}
            placeholder="en, de"
            error={form.problem('settings.language.keep')}
          />
          {NUMBER_SETTINGS.map((s) => (
            <TextField
              key={s.name}
              label={s.label}
              inputMode="decimal"
              value={numbers[s.name]}
              disabled={!enabled[s.stage]}
              onChange={(e) => setNumbers((n) => ({ ...n, [s.name]: e.target.value }))}
              error={form.problem(`settings.${s.stage}.${s.name}`)}
            />
          ))}
        </div>
        <QualityClassifierField draft={classifier} onChange={setClassifier} problem={form.problem} />
      </fieldset>
      <ErrorMessage error={form.formError()} />
      <button type="submit" className="primary" disabled={form.busy}>
        Start cleaning run
      </button>
    </form>
  );
}
