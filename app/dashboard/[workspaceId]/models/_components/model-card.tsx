import { formatNumber } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { Section } from '@/components/ui/page-header';
import type { ApiModelState, ModelStatus } from '@/services/models/list-models';

const mb = (bytes: number) => `${formatNumber(Math.round(bytes / 1e5) / 10)} MB`;
const SOURCE_LABEL: Record<ModelStatus['source'], string> = {
  bundled: 'bundled (committed, no hub needed)',
  hub: 'hub (downloaded on first use)',
  local: 'local (built offline)',
};

/** The api's word on one model: serving, loading, failed, or replaced by the fast model. */
function liveState(m: ModelStatus, api: ApiModelState): { tone: 'brand' | 'amber' | 'red' | 'neutral'; text: string } {
  if (!api.reachable) return { tone: 'neutral', text: 'api not reachable from the dashboard' };
  const key = m.tier === 'default' ? m.role : `${m.role}Fast`;
  const fallback = api.models[`${m.role}Fallback`];
  if (m.tier === 'default' && fallback) return { tone: 'red', text: `could not load: the fast model ${fallback} serves instead (see the api log)` };
  const state = api.models[key];
  if (state === 'ready') return { tone: 'brand', text: 'serving' };
  if (state === 'loading') return { tone: 'amber', text: 'loading' };
  if (state === 'failed') return { tone: 'red', text: 'failed to load (see the api log)' };
  return { tone: 'neutral', text: 'not loaded yet' };
}

export function ModelCard({ m, api }: { m: ModelStatus; api: ApiModelState }) {
  const testId = m.tier === 'default' ? `model-${m.role}` : `model-${m.role}-fast`;
  const live = liveState(m, api);
  const stats = api.stats[m.id];
  return (
    <Section title={<span className="font-mono text-sm">{m.id}</span>} description={m.card.description} id={testId}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 px-5 py-4 text-sm" data-testid={testId}>
        <dt className="text-stone-500">Used for</dt>
        <dd className="text-stone-900">
          {m.role === 'embeddings' ? 'Embeddings, similar items, knowledge-base search' : 'Sentiment, chat flagging'}{' '}
          <Badge tone={m.tier === 'default' ? 'brand' : 'neutral'}>{m.tier === 'default' ? 'default' : 'fast option (model: "fast")'}</Badge>
        </dd>
        <dt className="text-stone-500">Version</dt>
        <dd className="text-stone-900" data-testid={`${testId}-version`}>{m.version}</dd>
        <dt className="text-stone-500">Source</dt>
        <dd data-testid={`${testId}-source`}>
          <Badge tone={m.source === 'hub' ? 'blue' : 'brand'}>{SOURCE_LABEL[m.source]}</Badge>
        </dd>
        <dt className="text-stone-500">Files</dt>
        <dd data-testid={`${testId}-status`}>
          {m.built === null ? <Badge tone="blue">loaded from the hub on first use</Badge> : m.built ? <Badge tone="brand">built{m.bytes ? `, ${mb(m.bytes)}` : ''}</Badge> : <Badge tone="amber">building</Badge>}
        </dd>
        <dt className="text-stone-500">In the api</dt>
        <dd data-testid={`${testId}-live`}>
          <Badge tone={live.tone}>{live.text}</Badge>
          {stats ? (
            <span className="ml-2 text-stone-700">
              <span className="font-medium tabular-nums text-stone-900">{formatNumber(stats.textsPerSecond)}</span> texts/s over the last minute,{' '}
              {formatNumber(stats.texts)} since start{stats.device ? ` on ${stats.device.toUpperCase()}` : ''}
            </span>
          ) : null}
        </dd>
        <dt className="text-stone-500">Training data</dt>
        <dd className="text-stone-700">{m.card.data}</dd>
        <dt className="text-stone-500">Licence</dt>
        <dd className="text-stone-700">{m.card.licence}</dd>
        {m.card.metrics && Object.keys(m.card.metrics).length ? (
          <>
            <dt className="text-stone-500">Held-out metrics</dt>
            <dd>
              <ul className="space-y-0.5" data-testid={`${testId}-metrics`}>
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
  );
}
