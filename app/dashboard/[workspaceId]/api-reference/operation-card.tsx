import { Badge } from '@/components/ui/badge';
import { tableClass, tdClass, thClass } from '@/components/ui/styles';
import { CodeBlock } from '@/components/ui/code-block';
import type { Operation } from './openapi';
import { operationExample } from './examples';
import { buildPath, renderCurl } from './curl';
import { MarkdownText } from './markdown';
import { TryIt } from './try-it';

const METHOD_STYLE: Record<string, string> = {
  get: 'bg-emerald-100 text-emerald-800',
  post: 'bg-sky-100 text-sky-800',
  put: 'bg-amber-100 text-amber-800',
  patch: 'bg-amber-100 text-amber-800',
  delete: 'bg-red-100 text-red-800',
};

export function MethodBadge({ method }: { method: string }) {
  return (
    <span className={`inline-block w-16 shrink-0 rounded-md px-2 py-0.5 text-center font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? 'bg-stone-100 text-stone-700'}`}>
      {method}
    </span>
  );
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="group rounded-lg border border-stone-200">
      <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm text-stone-700 hover:bg-stone-50 focus-visible:outline-2 focus-visible:outline-brand-600">
        {label}
      </summary>
      <pre className="max-h-96 overflow-auto border-t border-stone-200 bg-stone-900 p-3 text-xs leading-5 text-stone-100">
        <code>{JSON.stringify(value, null, 2)}</code>
      </pre>
    </details>
  );
}

function typeOf(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return '';
  const s = schema as { type?: unknown; enum?: unknown[]; format?: string };
  if (Array.isArray(s.enum)) return s.enum.map(String).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : typeof s.type === 'string' ? s.type : '';
  return s.format ? `${type} (${s.format})` : type;
}

function Security({ security }: { security: Operation['security'] }) {
  if (!security || security.length === 0) return <Badge>No authentication</Badge>;
  const scopes = [...new Set(security.flatMap((req) => Object.values(req).flat()))];
  if (scopes.length === 0) return <Badge tone="neutral">Any valid API key</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span className="text-xs text-stone-500">Scopes:</span>
      {scopes.map((s) => (
        <Badge key={s} tone="amber" className="font-mono">
          {s}
        </Badge>
      ))}
    </span>
  );
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** The sampled request (JSON and curl with the workspace's base URL) and the first 2xx response. */
function Examples({ op, baseUrl }: { op: Operation; baseUrl: string }) {
  const example = operationExample(op);
  const path = buildPath(op.path, example.pathParams, example.query);
  const curl = renderCurl({ method: op.method, baseUrl, path, body: example.body, authenticated: (op.security?.length ?? 0) > 0 });
  return (
    <div className="space-y-2" data-testid="api-examples">
      <h4 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">Example request</h4>
      <CodeBlock value={curl} testId="example-curl" />
      {example.body !== undefined ? <CodeBlock value={pretty(example.body)} testId="example-request" /> : null}
      {example.response ? (
        <>
          <h4 className="pt-2 text-xs font-semibold tracking-wide text-stone-500 uppercase">Example response · {example.response.status}</h4>
          {example.response.body !== undefined ? (
            <CodeBlock value={pretty(example.response.body)} testId="example-response" />
          ) : (
            <p className="text-sm text-stone-600">No body.</p>
          )}
        </>
      ) : null}
    </div>
  );
}

function TryItFor({ op, workspaceId }: { op: Operation; workspaceId: string }) {
  const example = operationExample(op);
  const queryParams = (op.parameters ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => ({ name: p.name, required: !!p.required, example: example.query[p.name] ?? '' }));
  return (
    <TryIt
      workspaceId={workspaceId}
      method={op.method}
      path={op.path}
      pathParams={example.pathParams}
      queryParams={queryParams}
      body={op.requestBody ? pretty(example.body ?? {}) : undefined}
    />
  );
}

export function OperationCard({ op, workspaceId, baseUrl }: { op: Operation; workspaceId: string; baseUrl: string }) {
  const params = op.parameters ?? [];
  const body = Object.entries(op.requestBody?.content ?? {});
  const responses = Object.entries(op.responses ?? {});
  return (
    <article id={op.id} className="scroll-mt-6 rounded-xl border border-stone-200 bg-white shadow-sm" data-testid="api-operation">
      <header className="flex flex-col gap-2 border-b border-stone-200 px-5 py-4">
        <h3 className="flex items-center gap-3">
          <MethodBadge method={op.method} />
          <code className="font-mono text-sm font-semibold break-all text-stone-900">{op.path}</code>
          {op.deprecated ? <Badge tone="red">Deprecated</Badge> : null}
        </h3>
        {op.summary ? <p className="text-sm font-medium text-stone-800">{op.summary}</p> : null}
        {op.description ? <MarkdownText text={op.description} /> : null}
        <div>
          <Security security={op.security} />
        </div>
      </header>
      <div className="space-y-5 px-5 py-4">
        <Examples op={op} baseUrl={baseUrl} />
        {op.method === 'head' || op.method === 'options' ? null : <TryItFor op={op} workspaceId={workspaceId} />}
        {params.length > 0 ? (
          <div>
            <h4 className="mb-2 text-xs font-semibold tracking-wide text-stone-500 uppercase">Parameters</h4>
            <div className="overflow-x-auto rounded-lg border border-stone-200">
              <table className={tableClass}>
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className={thClass}>Name</th>
                    <th scope="col" className={thClass}>In</th>
                    <th scope="col" className={thClass}>Type</th>
                    <th scope="col" className={thClass}>Description</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-200">
                  {params.map((p) => (
                    <tr key={`${p.in}-${p.name}`}>
                      <td className={`${tdClass} font-mono text-xs`}>
                        {p.name}
                        {p.required ? <span className="ml-1 text-red-600" title="required">*</span> : null}
                      </td>
                      <td className={`${tdClass} text-xs`}>{p.in}</td>
                      <td className={`${tdClass} font-mono text-xs`}>{typeOf(p.schema)}</td>
                      <td className={`${tdClass} text-xs`}>
                        <MarkdownText text={p.description ?? (p.schema as { description?: string } | undefined)?.description ?? ''} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ) : null}
        {body.length > 0 ? (
          <div className="space-y-2">
            <h4 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">Request body{op.requestBody?.required ? ' (required)' : ''}</h4>
            {body.map(([type, m]) => (
              <JsonBlock key={type} label={`Schema · ${type}`} value={m.schema ?? {}} />
            ))}
          </div>
        ) : null}
        {responses.length > 0 ? (
          <div className="space-y-2">
            <h4 className="text-xs font-semibold tracking-wide text-stone-500 uppercase">Responses</h4>
            {responses.map(([status, r]) => {
              const content = Object.entries(r.content ?? {});
              const label = `${status} ${r.description ?? ''}`.trim();
              return content.length > 0 ? (
                content.map(([type, m]) => <JsonBlock key={`${status}-${type}`} label={`${label} · ${type}`} value={m.schema ?? {}} />)
              ) : (
                <p key={status} className="rounded-lg border border-stone-200 px-3 py-2 text-sm text-stone-700">
                  {label}
                </p>
              );
            })}
          </div>
        ) : null}
      </div>
    </article>
  );
}
