import { useId, useState } from 'react';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, TextField } from '../components/fields';
import { useSubmit } from '../components/form-state';
import { useResource } from '../components/use-resource';
import { useWebhooksApi } from './use-webhooks-api';

export type EndpointFields = { url: string; eventTypes: string[]; description: string };

/** An endpoint's URL, description and event types: the form that adds one and the one that edits it. */
export function EndpointForm<T>({
  initial = { url: '', eventTypes: [], description: '' },
  submitLabel,
  submit,
  onDone,
  resetOnDone,
}: {
  initial?: EndpointFields;
  submitLabel: string;
  submit: (fields: EndpointFields) => Promise<T>;
  onDone: (result: T) => void;
  resetOnDone?: boolean;
}) {
  const api = useWebhooksApi();
  const eventTypes = useResource(() => api.eventTypes(), [api]);
  const [url, setUrl] = useState(initial.url);
  const [description, setDescription] = useState(initial.description);
  const [chosen, setChosen] = useState<string[]>(initial.eventTypes);
  const form = useSubmit(
    () => ({
      url: /^https?:\/\/\S+$/.test(url.trim()) ? undefined : 'Enter the URL that receives the events, like https://example.com/hooks',
      eventTypes: chosen.length ? undefined : 'Choose at least one event type',
    }),
    () => submit({ url: url.trim(), eventTypes: chosen, description: description.trim() }),
    (result) => {
      if (resetOnDone) {
        setUrl('');
        setDescription('');
        setChosen([]);
      }
      onDone(result);
    },
  );
  const toggle = (type: string) => setChosen((c) => (c.includes(type) ? c.filter((t) => t !== type) : [...c, type]));
  const eventsError = form.problem('eventTypes');
  const eventsErrorId = `${useId()}-event-types-error`;
  return (
    <form onSubmit={form.onSubmit} noValidate>
      <div className="form-row">
        <TextField label="Endpoint URL" type="url" value={url} maxLength={2048} onChange={(e) => setUrl(e.target.value)} error={form.problem('url')} />
        <TextField label="Description (optional)" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} error={form.problem('description')} />
      </div>
      <fieldset aria-describedby={eventsError ? eventsErrorId : undefined}>
        <legend>Event types</legend>
        <ErrorMessage error={eventTypes.error} />
        {eventTypes.data?.map((type) => <CheckboxField key={type} label={type} checked={chosen.includes(type)} onChange={() => toggle(type)} />)}
        {eventsError && (
          <small className="field-error" id={eventsErrorId}>
            {eventsError}
          </small>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={form.busy}>
        {submitLabel}
      </button>
      <ErrorMessage error={form.formError()} />
    </form>
  );
}
