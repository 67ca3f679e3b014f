import { DEFAULT_LORA, LORA_LIMITS } from '../../../training-service/src/settings/lora-defaults';
import { LoraAdapter } from '../api/training';
import { TextField } from '../components/fields';
import { Problems } from '../components/form-state';

/** The LoRA settings as typed; each starts at the API's default, and target modules empty means the API's default. */
export type LoraDraft = { rank: string; alpha: string; dropout: string; targetModules: string };
export const DEFAULT_LORA_DRAFT: LoraDraft = { rank: String(DEFAULT_LORA.rank), alpha: String(DEFAULT_LORA.alpha), dropout: String(DEFAULT_LORA.dropout), targetModules: '' };

const MODULE = /^[A-Za-z0-9_.]{1,100}$/;
const modulesOf = (text: string) => text.split(',').map((m) => m.trim()).filter(Boolean);
const { rank, alpha, dropout } = LORA_LIMITS;

/** The same ranges training-service checks, said before the request goes out. */
export function loraProblems(draft: LoraDraft): Problems {
  const problems: Problems = {};
  const r = Number(draft.rank);
  if (!/^\d+$/.test(draft.rank.trim()) || r < rank.min || r > rank.max) problems['adapter.rank'] = `Enter a whole rank from ${rank.min} to ${rank.max}`;
  const a = Number(draft.alpha);
  if (draft.alpha.trim() === '' || !(a > alpha.min && a <= alpha.max)) problems['adapter.alpha'] = `Enter an alpha above ${alpha.min} and at most ${alpha.max}`;
  const d = Number(draft.dropout);
  if (draft.dropout.trim() === '' || !(d >= dropout.min && d <= dropout.max)) problems['adapter.dropout'] = `Enter a dropout from ${dropout.min} to ${dropout.max}`;
  const modules = modulesOf(draft.targetModules);
  if (modules.length > LORA_LIMITS.targetModules || modules.some((m) => !MODULE.test(m)))
    problems['adapter.target_modules'] = `Name up to ${LORA_LIMITS.targetModules} modules like q_proj, v_proj (letters, digits, _ and .), or leave it empty`;
  return problems;
}

/** The adapter in the API's shape (`target_modules` left out when empty, so the API picks them for the base). */
export function loraAdapter(draft: LoraDraft): LoraAdapter {
  const modules = modulesOf(draft.targetModules);
  return { type: 'lora', rank: Number(draft.rank), alpha: Number(draft.alpha), dropout: Number(draft.dropout), ...(modules.length ? { target_modules: modules } : {}) };
}

export function LoraAdapterFields({ draft, onChange, problem }: { draft: LoraDraft; onChange: (draft: LoraDraft) => void; problem: (field: string) => string | undefined }) {
  const field = (name: keyof LoraDraft) => ({ value: draft[name], onChange: (e: { target: { value: string } }) => onChange({ ...draft, [name]: e.target.value }) });
  return (
    <fieldset>
      <legend>LoRA adapter (the base stays frozen; only the adapter trains)</legend>
      <div className="form-row">
        <TextField label="Rank" inputMode="numeric" {...field('rank')} error={problem('adapter.rank')} hint={`API default ${DEFAULT_LORA.rank}`} />
        <TextField label="Alpha" inputMode="decimal" {...field('alpha')} error={problem('adapter.alpha')} hint={`API default ${DEFAULT_LORA.alpha}; the update is scaled by alpha / rank`} />
        <TextField label="Dropout" inputMode="decimal" {...field('dropout')} error={problem('adapter.dropout')} hint={`API default ${DEFAULT_LORA.dropout}`} />
        <TextField
          label="Target modules (comma-separated)"
          {...field('targetModules')}
          placeholder="q_proj, v_proj"
          error={problem('adapter.target_modules')}
          hint="Empty (the API’s default): every attention and MLP projection of the base."
        />
      </div>
    </fieldset>
  );
}
