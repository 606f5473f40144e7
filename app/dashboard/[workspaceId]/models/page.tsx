import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { PageHeader, Section } from '@/components/ui/page-header';
import { apiModelState, listModels, listOptInModels } from '@/services/models/list-models';
import { ModelCard } from './_components/model-card';
import { SentimentPlayground, SimilarItemsPlayground, SimilarityPlayground } from './playground';

export const metadata: Metadata = { title: 'Models' };
export const dynamic = 'force-dynamic';

export default async function ModelsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const models = listModels();
  const optIn = listOptInModels();
  const api = await apiModelState();
  return (
    <>
      <PageHeader
        title="Models"
        description="The models behind POST /v1/embeddings, POST /v1/sentiment, similar items and knowledge-base search: the accurate defaults and the fast options (model: fast), with their cards, held-out metrics and live throughput. Try them below: the playground is not billed."
      />
      <div className="space-y-8">
        <div className="grid gap-6 lg:grid-cols-2">
          {models.map((m) => (
            <ModelCard key={m.id} m={m} api={api} />
          ))}
        </div>
        {optIn.length > 0 && (
          <Section title="Opt-in models" description="Bundled, not served: a deployment may choose one by configuration, where its licence allows.">
            <ul className="space-y-3 text-sm" data-testid="opt-in-models">
              {optIn.map((m) => (
                <li key={m.id} className="rounded-lg border border-amber-300 bg-amber-50 p-3">
                  <p className="font-medium">{m.name}</p>
                  <p>{m.card.description}</p>
                  <p className="mt-1">
                    <span className="font-medium">Licence:</span> {m.card.licence}
                  </p>
                  <p className="mt-1 text-stone-500">
                    To serve it: <code>{m.setting}</code> ({(m.bytes / 1024 / 1024).toFixed(1)} MB{m.card.card ? `, card: ${m.card.card}` : ''})
                  </p>
                </li>
              ))}
            </ul>
          </Section>
        )}
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
