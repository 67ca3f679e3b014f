import { useState } from 'react';
import { ErrorMessage } from '../components/feedback';

/** A batch's output or error file: serving wants the API key in a header, so it is fetched and saved from memory. */
export function BatchFileButton({ label, name, fileName, load }: { label: string; name: string; fileName: string; load: () => Promise<Blob> }) {
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setError(null);
    try {
      const url = URL.createObjectURL(await load());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void download()} aria-label={name}>
        {label}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
