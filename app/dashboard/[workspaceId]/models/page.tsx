import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { PageHeader, Section } from '@/components/ui/page-header';
import { apiModelState, listModels } from '@/services/models/list-models';
import { ModelCard } from './_components/model-card';
import { SentimentPlayground, SimilarItemsPlayground, SimilarityPlayground } from './playground';

export const metadata: Metadata = { title: 'Models' };
export const dynamic = 'force-dynamic';

export default async function ModelsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const models = listModels();
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
