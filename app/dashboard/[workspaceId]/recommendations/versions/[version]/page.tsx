import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime, formatNumber } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { PageHeader, Section } from '@/components/ui/page-header';
import { linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { db } from '@/services/db/client';

export const metadata: Metadata = { title: 'Model version' };

type Candidate = { name: string; family: string; metrics: { ndcg: number; recall: number; hitRate: number; coverage: number }; ms: number };

export default async function ModelVersionPage({ params }: { params: Promise<{ workspaceId: string; version: string }> }) {
  const { workspaceId, version: raw } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const version = Number(raw);
  if (!Number.isSafeInteger(version) || version < 1) notFound();
  const v = await db().recModelVersion.findUnique({ where: { workspaceId_version: { workspaceId: workspace.id, version } }, omit: { artifact: true } });
  if (!v) notFound();
  const report = (v.report ?? {}) as { candidates?: Candidate[]; timings?: Record<string, number> };
  const base = `/dashboard/${workspace.id}`;
  return (
    <>
      <PageHeader
        title={`Model v${v.version}`}
        description={
          <>
            <Link href={`${base}/recommendations`} className={linkClass}>Recommendations</Link> · {v.status}
            {v.promoted ? ' · promoted' : ''} · trigger {v.trigger} · {formatDateTime(v.createdAt)}
            {v.durationMs !== null ? ` · ${(v.durationMs / 1000).toFixed(1)} s` : ''}
            {v.peakMemoryMb ? ` · peak ${formatNumber(v.peakMemoryMb)} MB` : ''}
          </>
        }
      />
      <div className="space-y-8">
        {v.decision ? <p className="text-sm text-stone-700" data-testid="decision">{v.decision}</p> : null}
        <Section title="Candidates" description="Every model scored on the validation split; the best of each family enters the blend.">
          <div className="overflow-x-auto">
            <table className={tableClass} data-testid="candidates-table">
              <thead className="bg-stone-50">
                <tr>
                  <th scope="col" className={thClass}>Candidate</th>
                  <th scope="col" className={thClass}>Family</th>
                  <th scope="col" className={`${thClass} text-right`}>NDCG@10</th>
                  <th scope="col" className={`${thClass} text-right`}>Recall@10</th>
                  <th scope="col" className={`${thClass} text-right`}>HR@10</th>
                  <th scope="col" className={`${thClass} text-right`}>Coverage</th>
                  <th scope="col" className={`${thClass} text-right`}>ms</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {(report.candidates ?? []).map((c, k) => (
                  <tr key={k} data-testid="candidate-row">
                    <td className={`${tdClass} font-mono text-xs`}>{c.name}</td>
                    <td className={tdClass}><Badge>{c.family}</Badge></td>
                    <td className={`${tdClass} text-right font-mono`}>{c.metrics.ndcg.toFixed(3)}</td>
                    <td className={`${tdClass} text-right font-mono`}>{c.metrics.recall.toFixed(3)}</td>
                    <td className={`${tdClass} text-right font-mono`}>{c.metrics.hitRate.toFixed(3)}</td>
                    <td className={`${tdClass} text-right font-mono`}>{c.metrics.coverage.toFixed(3)}</td>
                    <td className={`${tdClass} text-right font-mono text-xs`}>{c.ms}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
        <Section title="Training log">
          <pre className="overflow-x-auto p-5 font-mono text-xs leading-relaxed whitespace-pre-wrap text-stone-800" data-testid="training-log">{v.error ? `ERROR: ${v.error}\n\n` : ''}{v.logs || '(no log yet)'}</pre>
        </Section>
        <Section title="Chosen configuration">
          <pre className="overflow-x-auto p-5 font-mono text-xs text-stone-800">{JSON.stringify(v.config, null, 2)}</pre>
        </Section>
      </div>
    </>
  );
}
