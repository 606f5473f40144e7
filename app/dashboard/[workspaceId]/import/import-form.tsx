'use client';

import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { buttonClass, inputClass, labelClass } from '@/components/ui/styles';

type Kind = 'events' | 'items' | 'users';
type Format = 'jsonl' | 'csv';
interface Progress { rows: number; accepted: number; duplicates: number; rejected: number; bytes: number; elapsedMs: number }
interface Summary extends Omit<Progress, 'bytes' | 'elapsedMs'> { rejectedSample: { line: number; message: string }[]; created?: number; updated?: number }
type State =
  | { phase: 'idle' }
  | { phase: 'running'; sent: number; total: number; progress: Progress | null }
  | { phase: 'done'; summary: Summary }
  | { phase: 'failed'; message: string; progress: Progress | null };

const numberFmt = new Intl.NumberFormat('en-US');
const fmt = (n: number) => numberFmt.format(n);

/**
 * Uploads a file to the import route with XMLHttpRequest: its upload events give the bytes sent
 * (the server reads only as fast as it stores, so they track the import), and the NDJSON response
 * is read as it arrives for the committed counts.
 */
export function ImportForm({ workspaceId }: { workspaceId: string }) {
  const [kind, setKind] = useState<Kind>('events');
  const [format, setFormat] = useState<Format | ''>('');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);

  function start(e: FormEvent) {
    e.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) return setState({ phase: 'failed', message: 'Choose a file first.', progress: null });
    const fmt: Format = format || (/\.csv$/i.test(file.name) ? 'csv' : 'jsonl');
    const xhr = new XMLHttpRequest();
    let seen = 0;
    let last: Progress | null = null;
    let finished = false;
    setState({ phase: 'running', sent: 0, total: file.size, progress: null });
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf('\n');
      if (end < seen) return;
      for (const line of text.slice(seen, end).split('\n')) {
        if (!line.trim()) continue;
        const msg = JSON.parse(line) as { type: string; summary?: Summary; message?: string } & Progress;
        if (msg.type === 'progress') {
          last = msg;
          setState((s) => (s.phase === 'running' ? { ...s, progress: msg } : s));
        } else if (msg.type === 'done' && msg.summary) {
          finished = true;
          setState({ phase: 'done', summary: msg.summary });
        } else if (msg.type === 'error') {
          finished = true;
          setState({ phase: 'failed', message: msg.message ?? 'The import failed.', progress: last });
        }
      }
      seen = end + 1;
    };
    xhr.upload.onprogress = (ev) => setState((s) => (s.phase === 'running' ? { ...s, sent: ev.loaded } : s));
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let message = `The upload failed (HTTP ${xhr.status}).`;
        try {
          message = (JSON.parse(xhr.responseText) as { error: { message: string } }).error.message;
        } catch {
          // not JSON
        }
        return setState({ phase: 'failed', message, progress: null });
      }
      readLines();
      if (!finished) setState({ phase: 'failed', message: 'The connection ended before the import finished; run it again (ids make it safe).', progress: last });
    };
    xhr.onerror = () => setState({ phase: 'failed', message: 'The connection failed; run the import again (ids make it safe).', progress: last });
    xhr.open('POST', `/api/workspaces/${encodeURIComponent(workspaceId)}/import?kind=${kind}&format=${fmt}`);
    xhr.setRequestHeader('Content-Type', fmt === 'csv' ? 'text/csv' : 'application/x-ndjson');
    xhr.send(file);
  }

  const running = state.phase === 'running';
  const pct = running && state.total > 0 ? Math.min(100, Math.round((state.sent / state.total) * 100)) : 0;
  return (
    <form onSubmit={start} className="space-y-5 p-5" data-testid="import-form">
      <fieldset>
        <legend className={labelClass}>What the file holds</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {(['events', 'items', 'users'] as const).map((k) => (
            <label key={k} className="inline-flex items-center gap-2 text-sm text-stone-800">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} disabled={running} className="accent-brand-600" data-testid={`import-kind-${k}`} />
              {k}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[2fr_1fr]">
        <div>
          <label htmlFor="import-file" className={labelClass}>File</label>
          <input id="import-file" ref={fileInput} type="file" accept=".jsonl,.ndjson,.json,.csv,text/csv,application/x-ndjson" disabled={running} className={`${inputClass} mt-1.5`} data-testid="import-file" />
        </div>
        <div>
          <label htmlFor="import-format" className={labelClass}>Format</label>
          <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as Format | '')} disabled={running} className={`${inputClass} mt-1.5`}>
            <option value="">From the file name</option>
            <option value="jsonl">JSON Lines</option>
            <option value="csv">CSV</option>
          </select>
        </div>
      </div>
      <button type="submit" className={buttonClass('primary')} disabled={running} data-testid="import-start">
        {running ? 'Importing…' : 'Import'}
      </button>

      {state.phase === 'running' ? (
        <div aria-live="polite" data-testid="import-progress">
          <div className="h-2 overflow-hidden rounded-full bg-stone-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label="Import progress">
            <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-2 text-sm text-stone-600">
            {pct}% read{state.progress ? ` · ${fmt(state.progress.rows)} rows: ${fmt(state.progress.accepted)} stored, ${fmt(state.progress.duplicates)} duplicates, ${fmt(state.progress.rejected)} rejected` : ''}
          </p>
        </div>
      ) : null}
      {state.phase === 'done' ? (
        <Alert tone={state.summary.rejected > 0 ? 'warning' : 'success'} title="Import finished" data-testid="import-done">
          <p>
            {fmt(state.summary.rows)} rows: <span data-testid="import-accepted">{fmt(state.summary.accepted)}</span> stored
            {state.summary.created !== undefined ? ` (${fmt(state.summary.created)} new, ${fmt(state.summary.updated ?? 0)} replaced)` : ''}, {fmt(state.summary.duplicates)} duplicates,{' '}
            <span data-testid="import-rejected">{fmt(state.summary.rejected)}</span> rejected.
          </p>
          {state.summary.rejectedSample.length > 0 ? (
            <ul className="mt-2 list-disc space-y-0.5 pl-5 text-xs">
              {state.summary.rejectedSample.map((r) => (
                <li key={r.line}>
                  line {r.line}: {r.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {state.phase === 'failed' ? (
        <Alert tone="error" title="Import stopped" data-testid="import-failed">
          {state.message}
          {state.progress ? ` Stored before it stopped: ${fmt(state.progress.accepted)} of ${fmt(state.progress.rows)} rows read.` : ''}
        </Alert>
      ) : null}
    </form>
  );
}
