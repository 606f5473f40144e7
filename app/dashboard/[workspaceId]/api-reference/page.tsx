import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { env } from '@/services/config/env';
import { loadApiReference } from './openapi';
import { MarkdownText } from './markdown';
import { MethodBadge, OperationCard } from './operation-card';

export const metadata: Metadata = { title: 'API reference' };

export default async function ApiReferencePage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  await requireWorkspacePage(workspaceId);
  const result = await loadApiReference();

  if (!result.ok) {
    return (
      <>
        <PageHeader title="API reference" description="The live reference of the public /v1 API." />
        <Alert tone="warning" title="The API reference is unavailable right now" data-testid="api-reference-unavailable">
          <MarkdownText text={result.reason} className="[&_p]:mt-0 [&_p]:text-amber-900" />
          <p className="mt-1 text-xs">
            Tried <code className="font-mono">{result.url}</code>.
          </p>
        </Alert>
      </>
    );
  }

  const ref = result.reference;
  // The examples' base URL: where clients reach the API (as on the overview).
  const baseUrl = env().PUBLIC_API_URL;
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            {ref.title} {ref.version ? <span className="text-stone-400">v{ref.version}</span> : null}
            {ref.serverUrl ? (
              <>
                {' '}· Base URL <code className="rounded bg-stone-100 px-1 py-0.5 font-mono text-xs text-stone-800">{ref.serverUrl}</code>
              </>
            ) : null}
          </>
        }
      />
      {ref.description ? <div className="-mt-4 mb-8 max-w-3xl"><MarkdownText text={ref.description} /></div> : null}
      <div className="grid gap-8 xl:grid-cols-[14rem_1fr]">
        <nav aria-label="Endpoints" className="xl:sticky xl:top-6 xl:self-start">
          {ref.groups.map((g) => (
            <div key={g.tag} className="mb-4">
              <p className="mb-1 text-xs font-semibold tracking-wide text-stone-500 uppercase">{g.tag}</p>
              <ul className="space-y-0.5">
                {g.operations.map((op) => (
                  <li key={op.id}>
                    <a href={`#${op.id}`} className="flex items-center gap-2 rounded-md px-1.5 py-1 text-xs hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-brand-600">
                      <MethodBadge method={op.method} />
                      <span className="truncate font-mono text-stone-700">{op.path}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <div className="min-w-0 space-y-10">
          {ref.groups.map((g) => (
            <section key={g.tag} aria-labelledby={`tag-${g.tag.replace(/\W+/g, "-")}`}>
              <h2 id={`tag-${g.tag.replace(/\W+/g, "-")}`} className="mb-4 text-lg font-semibold text-stone-900">
                {g.tag}
              </h2>
              <div className="space-y-6">
                {g.operations.map((op) => (
                  <OperationCard key={op.id} op={op} workspaceId={workspaceId} baseUrl={baseUrl} />
                ))}
              </div>
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
