import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { Badge } from '@/components/ui/badge';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, inputClass, labelClass, linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { AppError } from '@/services/errors/app-error';
import { hasRole } from '@/services/workspaces/roles';
import { listEvents } from '@/services/ingest/list-events';
import { getRecSettings } from '@/services/recommend/get-rec-settings';
import { listModelVersions } from '@/services/recommend/list-model-versions';
import { getAttributionStats } from '@/services/recommend/get-attribution-stats';
import { getRecommendations } from '@/services/recommend/get-recommendations';
import { getSimilarItems } from '@/services/recommend/get-similar-items';
import { describeItems } from '@/services/recommend/describe-items';
import { listRules } from '@/services/recommend/rules/list-rules';
import { EventsTable } from '../_components/events-table';
import { ItemsList } from './items-list';
import { RulesSection } from './rules-section';
import { TrainButton } from './train-button';
import { AbTestForm } from './ab-test-form';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Recommendations' };

type Metrics = { ndcg: number; recall: number; hitRate: number; coverage: number } | null | undefined;
const fmt = (x: number | undefined) => (x === undefined || x === null ? '–' : x.toFixed(3));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const param = (v: string | string[] | undefined) => {
  const s = firstParam(v)?.trim();
  return s && s.length <= 200 ? s : undefined;
};

function StatusBadge({ status }: { status: string }) {
  const tone = status === 'completed' ? 'brand' : status === 'failed' ? 'red' : status === 'running' ? 'blue' : 'amber';
  return <Badge tone={tone}>{status}</Badge>;
}

export default async function RecommendationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const sp = await searchParams;
  const previewUser = param(sp.user);
  const similarItem = param(sp.item);
  const base = `/dashboard/${workspace.id}`;
  const [settings, versions, stats, rules] = await Promise.all([getRecSettings(workspace.id), listModelVersions(workspace.id, { limit: 20 }), getAttributionStats(workspace.id), listRules(workspace.id)]);
  const ruleNames = new Map(rules.map((r) => [r.id, r.name]));
  const active = versions.find((v) => v.version === settings.activeVersion);
  const activeMetrics = (active?.metrics ?? {}) as Record<string, Metrics>;
  const isAdmin = hasRole(role, 'admin');
  // The latest run found too little data (services/recommend/training-minimum.ts): say so, with the numbers.
  const starved = ((versions[0]?.metrics ?? {}) as { notEnoughData?: { events: number; users: number; minEvents: number; minUsers: number } }).notEnoughData;

  // Previews call the same service as the API (not metered: they are the workspace's own checks).
  const preview = previewUser
    ? await Promise.all([
        getRecommendations({ workspaceId: workspace.id, userId: previewUser, limit: 10 }),
        listEvents(workspace.id, { userId: previewUser, limit: 10 }),
      ])
    : null;
  let similar: Awaited<ReturnType<typeof getSimilarItems>> | null = null;
  let similarError: string | null = null;
  if (similarItem) {
    try {
      similar = await getSimilarItems({ workspaceId: workspace.id, itemId: similarItem, limit: 10 });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      similarError = err.code === 'not_found' ? `No item ${similarItem} in the catalog.` : err.message;
    }
  }
  const info = await describeItems(workspace.id, [...(preview?.[0].items ?? []), ...(similar?.items ?? [])].map((i) => i.id).concat(similarItem ?? []));
  const completed = versions.filter((v) => v.status === 'completed').map((v) => v.version);
  const abRows = settings.ab.enabled ? stats.filter((s) => s.version === settings.ab.versionA || s.version === settings.ab.versionB) : [];

  return (
    <>
      <PageHeader
        title="Recommendations"
        description="Your recommender, trained on your events: model versions and their validation metrics, previews, the A/B split and what recommendations earn."
        actions={isAdmin ? <TrainButton workspaceId={workspace.id} /> : undefined}
      />
      <div className="space-y-8">
        <Section title="Serving now" description="Validation on the last 20% of each user's items (NDCG@10, Recall@10, HR@10, catalog coverage).">
          {starved ? (
            <div className="px-5 pt-4" data-testid="not-enough-data">
              <Alert tone="warning">
                Not enough data to train yet: {formatNumber(starved.events)} of {formatNumber(starved.minEvents)} events, {formatNumber(starved.users)} of {formatNumber(starved.minUsers)} users.{' '}
                {active ? `v${active.version} keeps serving.` : 'Popular items keep serving'} until there is more.
              </Alert>
            </div>
          ) : null}
          {active ? (
            <div className="overflow-x-auto" data-testid="serving-metrics">
              <p className="px-5 pt-4 text-sm text-stone-700">
                Version <strong data-testid="active-version">v{active.version}</strong>, trained {active.finishedAt ? formatDateTime(active.finishedAt) : ''} on {formatNumber(active.events)} events,{' '}
                {formatNumber(active.users)} users, {formatNumber(active.items)} items.
                {settings.ab.enabled ? <Badge tone="blue" className="ml-2">A/B test on</Badge> : null}
              </p>
              <table className={`${tableClass} mt-3`}>
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className={thClass}>Model</th>
                    <th scope="col" className={`${thClass} text-right`}>NDCG@10</th>
                    <th scope="col" className={`${thClass} text-right`}>Recall@10</th>
                    <th scope="col" className={`${thClass} text-right`}>HR@10</th>
                    <th scope="col" className={`${thClass} text-right`}>Coverage</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-200">
                  {([['Cairn (served)', 'serving'], ['Blend (untruncated)', 'blend'], ['Item-kNN', 'itemKnn'], ['Popularity', 'popularity']] as const).map(([label, key]) => (
                    <tr key={key}>
                      <td className={tdClass}>{label}</td>
                      <td className={`${tdClass} text-right font-mono`}>{fmt(activeMetrics[key]?.ndcg)}</td>
                      <td className={`${tdClass} text-right font-mono`}>{fmt(activeMetrics[key]?.recall)}</td>
                      <td className={`${tdClass} text-right font-mono`}>{fmt(activeMetrics[key]?.hitRate)}</td>
                      <td className={`${tdClass} text-right font-mono`}>{fmt(activeMetrics[key]?.coverage)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <div className="p-5">
              <EmptyState title="No model yet">
                Send events, then train: <code className="font-mono">POST /v1/models/train</code>, <code className="font-mono">npx cairn train --workspace {workspace.id}</code> or the Train button.
                Until then recommendations are the most popular items. Training also runs every hour when new events arrived.
              </EmptyState>
            </div>
          )}
        </Section>

        <Section title="Model versions" description="Every training run: when, how long, on what data, and whether it was promoted (only when not worse on validation).">
          {versions.length === 0 ? (
            <div className="p-5"><EmptyState title="No training runs yet" /></div>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass} data-testid="versions-table">
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className={thClass}>Version</th>
                    <th scope="col" className={thClass}>Status</th>
                    <th scope="col" className={thClass}>Started</th>
                    <th scope="col" className={`${thClass} text-right`}>Duration</th>
                    <th scope="col" className={`${thClass} text-right`}>Events</th>
                    <th scope="col" className={`${thClass} text-right`}>NDCG@10</th>
                    <th scope="col" className={`${thClass} text-right`}>Popularity</th>
                    <th scope="col" className={thClass}>Decision</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-200">
                  {versions.map((v) => {
                    const m = (v.metrics ?? {}) as Record<string, Metrics>;
                    return (
                      <tr key={v.version} data-testid="version-row" data-version={v.version}>
                        <td className={tdClass}>
                          <Link href={`${base}/recommendations/versions/${v.version}`} className={linkClass}>v{v.version}</Link>
                          {v.version === settings.activeVersion ? <Badge tone="brand" className="ml-2">serving</Badge> : null}
                          <span className="ml-2 text-xs text-stone-500">{v.trigger}</span>
                        </td>
                        <td className={tdClass}><StatusBadge status={v.status} /></td>
                        <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatDateTime(v.startedAt ?? v.createdAt)}</td>
                        <td className={`${tdClass} text-right font-mono text-xs`}>{v.durationMs !== null ? `${(v.durationMs / 1000).toFixed(1)} s` : '–'}</td>
                        <td className={`${tdClass} text-right font-mono text-xs`}>{formatNumber(v.events)}</td>
                        <td className={`${tdClass} text-right font-mono`}>{fmt(m.serving?.ndcg)}</td>
                        <td className={`${tdClass} text-right font-mono`}>{fmt(m.popularity?.ndcg)}</td>
                        <td className={`${tdClass} max-w-xs text-xs text-stone-600`}>{v.error ?? v.decision ?? ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Section>

        <div className="grid grid-cols-1 gap-8 xl:grid-cols-2">
          <Section title="Preview as a user" description="Their latest events beside what they would be recommended now.">
            <form method="get" action={`${base}/recommendations`} className="flex items-end gap-2 border-b border-stone-200 px-5 py-4">
              <div className="flex-1">
                <label htmlFor="preview-user" className={labelClass}>User id</label>
                <input id="preview-user" name="user" defaultValue={previewUser ?? ''} placeholder="u-42" className={`${inputClass} mt-1.5`} />
              </div>
              {similarItem ? <input type="hidden" name="item" value={similarItem} /> : null}
              <button type="submit" className={buttonClass('secondary')} data-testid="preview-user-submit">Preview</button>
            </form>
            {preview ? (
              <div data-testid="user-preview">
                <p className="px-5 pt-3 text-xs text-stone-500">Model {preview[0].modelVersion ? `v${preview[0].modelVersion}` : 'none (popular items)'}</p>
                <ItemsList items={preview[0].items} base={base} info={info} ruleNames={ruleNames} testId="preview-recommendations" />
                <h3 className="border-t border-stone-200 px-5 pt-4 text-sm font-semibold text-stone-800">Latest events</h3>
                {preview[1].events.length > 0 ? <EventsTable events={preview[1].events} base={base} hide={['who']} /> : <p className="px-5 py-3 text-sm text-stone-500">No events: a new user gets popular items.</p>}
              </div>
            ) : null}
          </Section>

          <Section title="Similar items" description="What goes with an item (people who chose it also chose these; content for new items).">
            <form method="get" action={`${base}/recommendations`} className="flex items-end gap-2 border-b border-stone-200 px-5 py-4">
              <div className="flex-1">
                <label htmlFor="similar-item" className={labelClass}>Item id</label>
                <input id="similar-item" name="item" defaultValue={similarItem ?? ''} placeholder="sku-1" className={`${inputClass} mt-1.5`} />
              </div>
              {previewUser ? <input type="hidden" name="user" value={previewUser} /> : null}
              <button type="submit" className={buttonClass('secondary')} data-testid="similar-submit">Show</button>
            </form>
            {similarError ? <Alert tone="warning" className="m-5">{similarError}</Alert> : null}
            {similar ? (
              <div data-testid="similar-preview">
                <p className="px-5 pt-3 text-sm text-stone-700">Similar to <strong>{info.get(similarItem!)?.title ?? similarItem}</strong></p>
                <ItemsList items={similar.items} base={base} info={info} ruleNames={ruleNames} testId="similar-items" />
              </div>
            ) : null}
          </Section>
        </div>

        <Section title="Business rules" description="Pin, boost, bury or filter items by id, category, tag, price or property, after ranking: in every list the API serves and in the previews above (a badge names the rule that moved an item); and how many items of one category a list may hold.">
          <RulesSection workspaceId={workspace.id} rules={rules} isAdmin={isAdmin} maxPerCategory={settings.maxPerCategory} />
        </Section>

        <Section title="A/B test" description="Split users between two versions (a stable hash of the user id); results side by side below.">
          {isAdmin ? (
            completed.length >= 2 ? (
              <AbTestForm workspaceId={workspace.id} versions={completed} current={settings.ab} />
            ) : (
              <p className="p-5 text-sm text-stone-600">Train at least two versions to compare them.</p>
            )
          ) : (
            <p className="p-5 text-sm text-stone-600">{settings.ab.enabled ? `v${settings.ab.versionA} vs v${settings.ab.versionB}, ${settings.ab.percentB}% on B.` : 'No A/B test running.'}</p>
          )}
          {settings.ab.enabled ? (
            <div className="grid grid-cols-1 gap-4 border-t border-stone-200 p-5 sm:grid-cols-2" data-testid="ab-results">
              {[settings.ab.versionA, settings.ab.versionB].map((v, k) => {
                const rows = abRows.filter((r) => r.version === v);
                const req = rows.reduce((s, r) => s + r.requests, 0);
                const clicks = rows.reduce((s, r) => s + r.clicks, 0);
                const buys = rows.reduce((s, r) => s + r.purchases, 0);
                return (
                  <div key={k} className="rounded-lg border border-stone-200 p-4">
                    <p className="text-sm font-semibold">{k === 0 ? 'A' : 'B'}: v{v} <span className="font-normal text-stone-500">({k === 0 ? 100 - settings.ab.percentB : settings.ab.percentB}% of users)</span></p>
                    <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
                      <div><dt className="text-xs text-stone-500">Requests</dt><dd className="font-mono">{formatNumber(req)}</dd></div>
                      <div><dt className="text-xs text-stone-500">CTR</dt><dd className="font-mono">{req ? pct(clicks / req) : '–'}</dd></div>
                      <div><dt className="text-xs text-stone-500">Conversion</dt><dd className="font-mono">{req ? pct(buys / req) : '–'}</dd></div>
                    </dl>
                  </div>
                );
              })}
            </div>
          ) : null}
        </Section>

        {isAdmin ? (
          <Section title="Training settings" description="Weight of each event type (negative: negative feedback) and time decay. Validation still chooses how ratings and decay are used when that predicts better.">
            <SettingsForm workspaceId={workspace.id} weights={settings.eventWeights} halfLifeDays={settings.halfLifeDays} autoTrain={settings.autoTrain} />
          </Section>
        ) : null}

        <Section title="Clicks and conversions" description="Last 30 days, per model version and endpoint: requests served, and click / purchase events that carried their recommId.">
          {stats.length === 0 ? (
            <div className="p-5"><EmptyState title="No recommendations served yet">Send the <code className="font-mono">recommId</code> of a response back on click and purchase events to see them here.</EmptyState></div>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass} data-testid="attribution-table">
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className={thClass}>Version</th>
                    <th scope="col" className={thClass}>Endpoint</th>
                    <th scope="col" className={`${thClass} text-right`}>Requests</th>
                    <th scope="col" className={`${thClass} text-right`}>Clicks</th>
                    <th scope="col" className={`${thClass} text-right`}>Purchases</th>
                    <th scope="col" className={`${thClass} text-right`}>CTR</th>
                    <th scope="col" className={`${thClass} text-right`}>Conversion</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-200">
                  {stats.map((s) => (
                    <tr key={`${s.version}-${s.endpoint}`} data-testid="attribution-row">
                      <td className={tdClass}>{s.version ? `v${s.version}` : 'no model'}</td>
                      <td className={tdClass}>{s.endpoint}</td>
                      <td className={`${tdClass} text-right font-mono`}>{formatNumber(s.requests)}</td>
                      <td className={`${tdClass} text-right font-mono`}>{formatNumber(s.clicks)}</td>
                      <td className={`${tdClass} text-right font-mono`}>{formatNumber(s.purchases)}</td>
                      <td className={`${tdClass} text-right font-mono`}>{s.requests ? pct(s.ctr) : '–'}</td>
                      <td className={`${tdClass} text-right font-mono`}>{s.requests ? pct(s.conversion) : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      </div>
    </>
  );
}
