import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ChatMessage, servingApi, streamChat, StreamUsage } from '../api/serving';
import { EmptyState, ErrorMessage, Loaded } from '../components/feedback';
import { SelectField, TextArea, TextField } from '../components/fields';
import { useResource } from '../components/use-resource';
import { useTenantSession } from '../session/session';

/** Chat with one of the tenant's served models; the reply streams in as the model writes it. */
export function PlaygroundPage() {
  const { apiKey } = useTenantSession();
  const api = useMemo(() => servingApi(apiKey.key), [apiKey.key]);
  const models = useResource(() => api.models(), [api]);
  return (
    <>
      <h1>Playground</h1>
      <Loaded resource={models} what="models">
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState title="No model is served for you yet">
              Models appear here once a training job registers one. <Link to="/training">Start a training job</Link>.
            </EmptyState>
          ) : (
            <Chat models={list.data.map((m) => m.id)} />
          )
        }
      </Loaded>
    </>
  );
}

function Chat({ models }: { models: string[] }) {
  const { apiKey } = useTenantSession();
  const [params] = useSearchParams();
  const [model, setModel] = useState(models.includes(params.get('model') ?? '') ? (params.get('model') as string) : models[0]);
  const [temperature, setTemperature] = useState('0.8');
  const [maxTokens, setMaxTokens] = useState('64');
  const [system, setSystem] = useState('');
  const [draft, setDraft] = useState('');
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [streaming, setStreaming] = useState<string | null>(null);
  const [modelLoading, setModelLoading] = useState(false);
  const [usage, setUsage] = useState<StreamUsage | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const t = Number(temperature);
    if (temperature.trim() === '' || Number.isNaN(t) || t < 0 || t > 2) found.temperature = 'Enter 0 (always the likeliest token) to 2';
    if (!/^[1-9]\d*$/.test(maxTokens) || Number(maxTokens) > 4096) found.maxTokens = 'Enter 1 to 4096 tokens';
    if (!draft.trim()) found.draft = 'Write a message first';
    setProblems(found);
    if (Object.keys(found).length) return;
    const history: ChatMessage[] = [...messages, { role: 'user', content: draft.trim() }];
    setMessages(history);
    setDraft('');
    setError(null);
    setStreaming('');
    const controller = new AbortController();
    abort.current = controller;
    let reply = '';
    try {
      const sent = system.trim() ? [{ role: 'system' as const, content: system.trim() }, ...history] : history;
      setUsage(
        await streamChat(
          apiKey.key,
          sent,
          { model, temperature: t, maxTokens: Number(maxTokens) },
          (delta) => setStreaming((reply += delta)),
          controller.signal,
          setModelLoading,
        ),
      );
    } catch (caught) {
      if (!controller.signal.aborted) setError(caught);
    } finally {
      setMessages([...history, { role: 'assistant', content: reply }]);
      setStreaming(null);
      setModelLoading(false);
      abort.current = null;
    }
  };

  return (
    <section className="card" aria-labelledby="chat-heading">
      <h2 id="chat-heading">Chat</h2>
      <div className="form-row">
        <SelectField label="Model" value={model} onChange={(e) => setModel(e.target.value)}>
          {models.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </SelectField>
        <TextField label="Temperature" inputMode="decimal" value={temperature} onChange={(e) => setTemperature(e.target.value)} error={problems.temperature} />
        <TextField label="Longest reply (tokens)" inputMode="numeric" value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} error={problems.maxTokens} />
      </div>
      <TextField label="System message (optional)" value={system} onChange={(e) => setSystem(e.target.value)} />
      <div className="chat" aria-live="polite" aria-label="Conversation">
        {messages.length === 0 && streaming === null && <p className="muted">Nothing said yet: write the first message below.</p>}
        {messages.map((m, i) => (
          <div key={i} className={`turn ${m.role}`}>
            <span className="role">{m.role === 'user' ? 'You' : model}</span>
            {m.content || <em>(empty reply)</em>}
          </div>
        ))}
        {streaming !== null && (
          <div className="turn assistant" aria-busy="true">
            <span className="role">{modelLoading ? `${model} is still loading; asking again shortly…` : `${model} is writing…`}</span>
            {streaming}
          </div>
        )}
      </div>
      <form onSubmit={send} noValidate>
        <TextArea
          label="Your message"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          error={problems.draft}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          hint="Enter sends; Shift+Enter starts a new line."
        />
        <ErrorMessage error={error} />
        <div className="actions">
          {streaming === null ? (
            <button type="submit" className="primary">
              Send
            </button>
          ) : (
            <button type="button" onClick={() => abort.current?.abort()}>
              Stop
            </button>
          )}
          <button type="button" onClick={() => setMessages([])} disabled={streaming !== null || messages.length === 0}>
            Clear conversation
          </button>
          {usage && (
            <span className="muted" aria-label="Tokens of the last reply">
              last reply: {usage.prompt_tokens} prompt + {usage.completion_tokens} completion tokens
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
