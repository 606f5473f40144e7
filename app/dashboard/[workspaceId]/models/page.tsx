import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatNumber } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { PageHeader, Section } from '@/components/ui/page-header';
import { listModels } from '@/services/models/list-models';
import { SentimentPlayground, SimilarItemsPlayground, SimilarityPlayground } from './playground';

export const metadata: Metadata = { title: 'Models' };
export const dynamic = 'force-dynamic';

const mb = (bytes: number) => `${formatNumber(Math.round(bytes / 1e5) / 10)} MB`;

export default async function ModelsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const models = listModels();
  return (
    <>
      <PageHeader
        title="Models"
        description="The models behind POST /v1/embeddings, POST /v1/sentiment and similar items, with their cards. Try them below: the playground is not billed."
      />
      <div className="space-y-8">
        <div className="grid gap-6 lg:grid-cols-2">
          {models.map((m) => (
            <Section key={m.id} title={<span className="font-mono text-sm">{m.id}</span>} description={m.card.description} id={`model-${m.role}`}>
              <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 px-5 py-4 text-sm" data-testid={`model-${m.role}`}>
                <dt className="text-stone-500">Used for</dt>
                <dd className="text-stone-900">{m.role === 'embeddings' ? 'Embeddings, similar items' : 'Sentiment'}</dd>
                <dt className="text-stone-500">Version</dt>
                <dd className="text-stone-900" data-testid={`model-${m.role}-version`}>{m.version}</dd>
                <dt className="text-stone-500">Source</dt>
                <dd>
                  <Badge tone={m.source === 'local' ? 'brand' : 'blue'}>{m.source === 'local' ? 'local (built offline)' : 'hub'}</Badge>
                </dd>
                <dt className="text-stone-500">Status</dt>
                <dd data-testid={`model-${m.role}-status`}>
                  {m.built === null ? <Badge tone="blue">loaded from the hub on first use</Badge> : m.built ? <Badge tone="brand">built{m.bytes ? `, ${mb(m.bytes)}` : ''}</Badge> : <Badge tone="amber">building</Badge>}
                </dd>
                <dt className="text-stone-500">Training data</dt>
                <dd className="text-stone-700">{m.card.data}</dd>
                <dt className="text-stone-500">Licence</dt>
                <dd className="text-stone-700">{m.card.licence}</dd>
                {m.card.metrics && Object.keys(m.card.metrics).length ? (
                  <>
                    <dt className="text-stone-500">Metrics</dt>
                    <dd>
                      <ul className="space-y-0.5" data-testid={`model-${m.role}-metrics`}>
                        {Object.entries(m.card.metrics).map(([k, v]) => (
                          <li key={k} className="text-stone-700">
                            {k}: <span className="font-medium tabular-nums text-stone-900">{v}</span>
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </>
                ) : null}
                <dt className="text-stone-500">Limitations</dt>
                <dd>
                  <ul className="list-disc space-y-0.5 pl-4 text-stone-700">
                    {m.card.limitations.map((l) => (
                      <li key={l}>{l}</li>
                    ))}
                  </ul>
                </dd>
                {m.card.card ? (
                  <>
                    <dt className="text-stone-500">Model card</dt>
                    <dd className="font-mono text-xs text-stone-600">{m.card.card}</dd>
                  </>
                ) : null}
              </dl>
            </Section>
          ))}
        </div>
        <Section title="Sentiment playground" description="Scores one text as POST /v1/sentiment does: a label and calibrated probabilities.">
          <SentimentPlayground workspaceId={workspace.id} />
        </Section>
        <Section title="Embedding similarity" description="How close two texts are under the embedding model (cosine of their vectors).">
          <SimilarityPlayground workspaceId={workspace.id} />
        </Section>
        <Section title="Similar catalog items" description="The items of this workspace closest to one of them, by embedding.">
          <SimilarItemsPlayground workspaceId={workspace.id} />
        </Section>
      </div>
    </>
  );
}
