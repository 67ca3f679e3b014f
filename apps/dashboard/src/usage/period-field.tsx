import { TextField } from '../components/fields';

export const isPeriod = (value: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** A YYYY-MM month; the browser's month picker where it has one. */
export function PeriodField({ value, onChange, label = 'Month', error }: { value: string; onChange: (value: string) => void; label?: string; error?: string }) {
  return (
    <TextField
      label={label}
      type="month"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error ?? (value && !isPeriod(value) ? 'Use a YYYY-MM month, like 2026-03' : undefined)}
    />
  );
}
