'use client';

import { useEffect, useId, useState } from 'react';
import { buttonClass, errorTextClass, hintClass, inputClass, labelClass } from '@/components/ui/styles';
import { buildPath } from './curl';

// The pasted key is kept in this tab's sessionStorage only (gone when the tab closes), shared by
// every operation's console so it is pasted once. It travels to the dashboard's console route,
// which forwards it to the API for that one request and keeps nothing (services/api-console).
const KEY_STORAGE = 'cairn.apiReference.key';

export interface TryItProps {
  workspaceId: string;
  method: string;
  path: string;
  pathParams: Record<string, string>;
  queryParams: { name: string; required: boolean; example: string }[];
  /** The example body as editable JSON text; undefined when the operation takes no body. */
  body?: string;
}

interface ConsoleResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  truncated: boolean;
  durationMs: number;
}
type ConsoleError = { message: string; fields: Record<string, string> };

/** The route's error body -> a message and per-field messages ("body: is not valid JSON"). */
function readError(body: unknown, status: number): ConsoleError {
  const error = (body as { error?: { message?: string; details?: { path: string; message: string }[] } } | null)?.error;
  const fields = Object.fromEntries((error?.details ?? []).map((d) => [d.path, d.message]));
  return { message: error?.message ?? `The console could not send the request (HTTP ${status}).`, fields };
}

export function TryIt(props: TryItProps) {
  const id = useId();
  const [apiKey, setApiKey] = useState('');
  const [pathParams, setPathParams] = useState(props.pathParams);
  const [query, setQuery] = useState<Record<string, string>>(() => Object.fromEntries(props.queryParams.map((q) => [q.name, q.required ? q.example : ''])));
  const [body, setBody] = useState(props.body ?? '');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<ConsoleResult | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);

  useEffect(() => {
    // Read after mount: sessionStorage does not exist during the server render.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- one-time sync from browser storage
    setApiKey(sessionStorage.getItem(KEY_STORAGE) ?? '');
  }, []);

  function changeKey(value: string) {
    setApiKey(value);
    if (value) sessionStorage.setItem(KEY_STORAGE, value);
    else sessionStorage.removeItem(KEY_STORAGE);
  }

  async function send() {
    setResult(null);
    setError(null);
    const fields: Record<string, string> = {};
    if (!apiKey.trim()) fields.apiKey = 'Paste an API key (a secret key, sk_live_…, from API keys).';
    if (props.body !== undefined && body.trim()) {
      try {
        JSON.parse(body);
      } catch (err) {
        fields.body = `The body is not valid JSON: ${(err as Error).message}`;
      }
    }
    for (const [name, value] of Object.entries(pathParams)) if (!value.trim()) fields[`param.${name}`] = `${name} is required.`;
    if (Object.keys(fields).length > 0) {
      setError({ message: 'Fix the highlighted fields, then send again.', fields });
      return;
    }
    setSending(true);
    try {
      const res = await fetch(`/api/workspaces/${encodeURIComponent(props.workspaceId)}/api-console`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: props.method.toUpperCase(), path: buildPath(props.path, pathParams, query), apiKey: apiKey.trim(), body: props.body !== undefined ? body : undefined }),
      });
      const answer: unknown = await res.json().catch(() => null);
      if (res.ok) setResult(answer as ConsoleResult);
      else setError(readError(answer, res.status));
    } catch {
      setError({ message: 'The dashboard could not be reached. Check your connection and try again.', fields: {} });
    } finally {
      setSending(false);
    }
  }

  const fieldError = (key: string) => error?.fields[key];
  return (
    <details
      className="rounded-lg border border-brand-100 bg-brand-50/40"
      data-testid="try-it"
      // A key pasted in another operation's console since this one mounted.
      onToggle={(e) => {
        if (e.currentTarget.open && !apiKey) setApiKey(sessionStorage.getItem(KEY_STORAGE) ?? '');
      }}
    >
      <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-600">
        Try it
      </summary>
      <form
        className="space-y-3 border-t border-brand-100 p-3"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
        noValidate
      >
        <div>
          <label htmlFor={`${id}-key`} className={labelClass}>API key</label>
          <input id={`${id}-key`} type="password" autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} placeholder="sk_live_…" value={apiKey} onChange={(e) => changeKey(e.target.value)} aria-invalid={!!fieldError('apiKey') || undefined} />
          {fieldError('apiKey') ? <p className={errorTextClass}>{fieldError('apiKey')}</p> : <p className={hintClass}>Kept in this browser tab only; sent with this request and never stored by Cairn.</p>}
        </div>
        {Object.keys(pathParams).map((name) => (
          <div key={name}>
            <label htmlFor={`${id}-p-${name}`} className={labelClass}>{name} <span className="text-xs font-normal text-stone-500">(path)</span></label>
            <input id={`${id}-p-${name}`} className={`${inputClass} font-mono`} value={pathParams[name]} onChange={(e) => setPathParams({ ...pathParams, [name]: e.target.value })} aria-invalid={!!fieldError(`param.${name}`) || undefined} />
            {fieldError(`param.${name}`) ? <p className={errorTextClass}>{fieldError(`param.${name}`)}</p> : null}
          </div>
        ))}
        {props.queryParams.map((q) => (
          <div key={q.name}>
            <label htmlFor={`${id}-q-${q.name}`} className={labelClass}>{q.name} <span className="text-xs font-normal text-stone-500">(query{q.required ? ', required' : ''})</span></label>
            <input id={`${id}-q-${q.name}`} className={`${inputClass} font-mono`} placeholder={q.example} value={query[q.name] ?? ''} onChange={(e) => setQuery({ ...query, [q.name]: e.target.value })} />
          </div>
        ))}
        {props.body !== undefined ? (
          <div>
            <label htmlFor={`${id}-body`} className={labelClass}>Body (JSON)</label>
            <textarea id={`${id}-body`} rows={Math.min(16, body.split('\n').length + 1)} spellCheck={false} className={`${inputClass} font-mono text-xs`} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={!!fieldError('body') || undefined} />
            {fieldError('body') ? <p className={errorTextClass} data-testid="try-it-body-error">{fieldError('body')}</p> : null}
          </div>
        ) : null}
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonClass('primary', 'sm')} disabled={sending} data-testid="try-it-send">
            {sending ? 'Sending…' : `Send ${props.method.toUpperCase()} request`}
          </button>
          {error ? <p role="alert" className="text-sm font-medium text-red-700" data-testid="try-it-error">{error.message}{error.fields.path ? ` Path: ${error.fields.path}` : ''}</p> : null}
        </div>
        {result ? <ConsoleAnswer result={result} /> : null}
      </form>
    </details>
  );
}

function ConsoleAnswer({ result }: { result: ConsoleResult }) {
  const ok = result.status >= 200 && result.status < 300;
  return (
    <div className="space-y-2" data-testid="try-it-result" aria-live="polite">
      <p className="text-sm">
        <span className={`rounded px-2 py-0.5 font-mono font-semibold ${ok ? 'bg-emerald-100 text-emerald-800' : 'bg-red-100 text-red-800'}`} data-testid="try-it-status">{result.status}</span>
        <span className="ml-2 text-xs text-stone-500">{result.durationMs} ms</span>
      </p>
      {Object.keys(result.headers).length > 0 ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 font-mono text-xs" data-testid="try-it-headers">
          {Object.entries(result.headers).map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="text-stone-500">{name}</dt>
              <dd className="break-all text-stone-800">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <pre className="max-h-96 overflow-auto rounded-lg bg-stone-900 p-3 text-xs leading-5 text-stone-100" data-testid="try-it-body">
        <code>{result.body === null ? '(empty body)' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2)}</code>
      </pre>
      {result.truncated ? <p className={hintClass}>The body was cut for display.</p> : null}
    </div>
  );
}
