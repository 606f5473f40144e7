import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { Alert } from '@/components/ui/alert';
import { PageHeader, Section } from '@/components/ui/page-header';
import { hasRole } from '@/services/workspaces/roles';
import { ImportForm } from './import-form';

export const metadata: Metadata = { title: 'Import' };

const EXAMPLES = [
  {
    kind: 'events',
    jsonl: '{"id": "evt-1", "type": "view", "userId": "u-42", "itemId": "sku-1", "timestamp": "2025-01-31T12:00:00Z"}',
    csv: 'id,type,userId,anonymousId,itemId,value,timestamp,properties.page\nevt-1,view,u-42,,sku-1,,2025-01-31T12:00:00Z,home',
  },
  {
    kind: 'items',
    jsonl: '{"id": "sku-1", "title": "Trail shoe", "categories": ["shoes"], "price": 89.5, "currency": "EUR"}',
    csv: 'id,title,categories,tags,price,currency,available\nsku-1,Trail shoe,shoes|running,waterproof,89.5,EUR,true',
  },
  { kind: 'users', jsonl: '{"id": "u-42", "traits": {"plan": "pro"}}', csv: 'id,traits.plan,traits.country\nu-42,pro,DE' },
] as const;

export default async function ImportPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const canImport = hasRole(role, 'admin');
  return (
    <>
      <PageHeader
        title="Import"
        description="Load a JSON Lines or CSV file of events, items or users through the same validation as the API. Safe to run again: ids make it idempotent."
      />
      <div className="space-y-8">
        <Section title="Upload a file">
          {canImport ? (
            <ImportForm workspaceId={workspace.id} />
          ) : (
            <div className="p-5">
              <Alert tone="info">Only owners and admins can import data into this workspace.</Alert>
            </div>
          )}
        </Section>
        <Section title="File formats" description="One record per line (JSONL) or one per row (CSV, with a header). Invalid rows are reported by line and skipped; the rest is stored.">
          <div className="divide-y divide-stone-200">
            {EXAMPLES.map((ex) => (
              <div key={ex.kind} className="grid grid-cols-1 gap-3 px-5 py-4 sm:grid-cols-[5rem_1fr]">
                <p className="text-sm font-medium text-stone-900">{ex.kind}</p>
                <div className="min-w-0 space-y-2">
                  <p className="text-xs text-stone-500">JSONL</p>
                  <pre className="overflow-x-auto rounded-md bg-stone-50 p-2 font-mono text-xs text-stone-800">{ex.jsonl}</pre>
                  <p className="text-xs text-stone-500">CSV (lists separated by |, nested fields as {ex.kind === 'users' ? 'traits' : 'properties'}.name columns)</p>
                  <pre className="overflow-x-auto rounded-md bg-stone-50 p-2 font-mono text-xs text-stone-800">{ex.csv}</pre>
                </div>
              </div>
            ))}
          </div>
          <p className="border-t border-stone-200 px-5 py-3 text-xs text-stone-500">
            Files of any size stream through in batches of 1,000. From a terminal: <code>npx cairn import events FILE --workspace {workspace.id}</code>
          </p>
        </Section>
      </div>
    </>
  );
}
