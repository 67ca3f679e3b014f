import { ReactNode } from 'react';
import { errorText } from '../api/api-error';

/** An API's refusal, read out by screen readers as soon as it appears. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  return (
    <div className="error" role="alert" id={id}>
      {errorText(error)
        .split('\n')
        .map((line, i) => (
          <p key={i}>{line}</p>
        ))}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      <div>{children}</div>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}

/** The usual three states of a loaded list or record, so each page only renders its data. */
export function Loaded<T>({ resource, what, children }: { resource: { data: T | undefined; error: unknown; loading: boolean }; what: string; children: (data: T) => ReactNode }) {
  if (resource.error) return <ErrorMessage error={resource.error} />;
  if (resource.data === undefined) return <Loading what={what} />;
  return <>{children(resource.data)}</>;
}
