import { useState } from 'react';
import { ErrorMessage } from './feedback';

/**
 * A button in a table row that calls the API once (void, redeliver, delete, cancel): asks first when `confirm` says
 * what will happen, then reports the refusal beside it or calls onDone.
 */
export function ActionButton({
  label,
  name,
  danger,
  confirm,
  disabled,
  action,
  onDone,
}: {
  label: string;
  /** The accessible name, naming the row's item ("Void the grant …"). */
  name: string;
  danger?: boolean;
  confirm?: string;
  disabled?: boolean;
  action: () => Promise<unknown>;
  onDone: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (confirm && !window.confirm(confirm)) return;
    setError(null);
    setBusy(true);
    try {
      await action();
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={danger ? 'danger' : undefined} onClick={() => void run()} disabled={disabled || busy} aria-label={name}>
        {label}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
