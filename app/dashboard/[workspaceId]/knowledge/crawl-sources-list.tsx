import { formatDateTime, formatNumber } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import type { CrawlSourceOutput } from '@/services/knowledge/crawl-sources';
import { DocumentActionButton } from './[documentId]/document-controls';
import { deleteCrawlSourceAction, syncCrawlSourceAction } from './crawl-actions';

const STATUS: Record<string, { tone: 'neutral' | 'blue' | 'brand' | 'red'; label: string }> = {
  queued: { tone: 'neutral', label: 'Queued' },
  crawling: { tone: 'blue', label: 'Crawling' },
  done: { tone: 'brand', label: 'Synced' },
  failed: { tone: 'red', label: 'Failed' },
};

function UrlList({ label, urls }: { label: string; urls: string[] }) {
  if (!urls.length) return null;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-stone-600">{label} ({formatNumber(urls.length)})</summary>
      <ul className="mt-1 space-y-0.5 text-xs break-all text-stone-600">{urls.map((u) => <li key={u}>{u}</li>)}</ul>
    </details>
  );
}

/** The workspace's crawled sites: status, schedule and the latest sync's report. */
export function CrawlSourcesList({ workspaceId, sources, canManage }: { workspaceId: string; sources: CrawlSourceOutput[]; canManage: boolean }) {
  if (!sources.length) return null;
  return (
    <ul className="divide-y divide-stone-200" data-testid="kb-crawl-sources">
      {sources.map((s) => {
        const r = s.lastReport;
        const status = STATUS[s.status] ?? STATUS.queued!;
        return (
          <li key={s.id} className="p-5 text-sm" data-testid="kb-crawl-source" data-status={s.status}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div>
                <p className="font-medium break-all text-stone-900">{s.startUrl}</p>
                <p className="mt-0.5 text-xs text-stone-500">
                  Depth {s.maxDepth} · up to {formatNumber(s.maxPages)} pages · {s.resyncHours ? `re-synced every ${s.resyncHours} h` : 'synced by hand'}
                  {s.lastSyncAt ? ` · last sync ${formatDateTime(new Date(s.lastSyncAt))}` : ''}
                </p>
                <p className="mt-1"><Badge tone={status.tone}>{status.label}</Badge></p>
                {s.error ? <p className="mt-1 text-xs font-medium text-red-700">{s.error}</p> : null}
                {r ? (
                  <div className="mt-2" data-testid="kb-crawl-report">
                    <p className="text-xs text-stone-700">
                      {formatNumber(r.added.length)} added · {formatNumber(r.changed.length)} changed · {formatNumber(r.removed.length)} removed · {formatNumber(r.unchanged)} unchanged
                      {r.truncated ? ' · stopped at the page limit' : ''}
                    </p>
                    <UrlList label="Added" urls={r.added} />
                    <UrlList label="Changed" urls={r.changed} />
                    <UrlList label="Removed" urls={r.removed} />
                    <UrlList label="Skipped" urls={r.skipped.map((x) => `${x.url}: ${x.reason}`)} />
                  </div>
                ) : null}
              </div>
              {canManage ? (
                <div className="flex gap-2">
                  <DocumentActionButton action={syncCrawlSourceAction.bind(null, workspaceId, s.id)} label="Sync now" pendingLabel="Queuing…" testId="kb-crawl-sync" />
                  <DocumentActionButton action={deleteCrawlSourceAction.bind(null, workspaceId, s.id)} label="Remove" pendingLabel="Removing…" testId="kb-crawl-delete" />
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
