import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate, formatNumber } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { CodeBlock } from '@/components/ui/code-block';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, linkClass } from '@/components/ui/styles';
import { env } from '@/services/config/env';
import { getUsageSummary } from '@/services/metering/get-usage-summary';
import { METERS, METER_LABELS } from '@/services/metering/meters';
import { hasRole } from '@/services/workspaces/roles';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const usage = await getUsageSummary(workspace.id);
  const base = `/dashboard/${workspace.id}`;
  const curl = `curl ${env().PUBLIC_API_URL}/v1/me \\\n  -H "Authorization: Bearer sk_live_..."`;

  return (
    <>
      <PageHeader
        title={<span data-testid="workspace-title">{workspace.name}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="brand">
              <span className="capitalize">{workspace.plan}</span>&nbsp;plan
            </Badge>
            <span>
              You are <span className="font-medium text-stone-800">{role}</span> of this workspace.
            </span>
          </span>
        }
        actions={
          hasRole(role, 'admin') ? (
            <Link href={`${base}/api-keys`} className={buttonClass('primary')}>
              Create an API key
            </Link>
          ) : null
        }
      />

      <Section
        title="Usage this period"
        description={`${formatDate(usage.period.start)} – ${formatDate(new Date(usage.period.end.getTime() - 1))}`}
        actions={
          <Link href={`${base}/usage`} className={`${linkClass} text-sm`}>
            View details →
          </Link>
        }
      >
        <dl className="grid grid-cols-1 divide-y divide-stone-200 sm:grid-cols-2 sm:divide-y-0 lg:grid-cols-5 lg:divide-x">
          {METERS.map((m) => (
            <div key={m} className="px-5 py-4" data-testid={`usage-${m}`}>
              <dt className="text-xs font-medium text-stone-500">{METER_LABELS[m]}</dt>
              <dd className="mt-1 text-2xl font-semibold text-stone-900 tabular-nums">{formatNumber(usage.meters[m])}</dd>
            </div>
          ))}
        </dl>
      </Section>

      <div className="mt-8 grid grid-cols-1 gap-8 lg:grid-cols-5">
        <Section title="Quick start" description="Check that a key works: the API answers with its workspace and scopes." className="lg:col-span-3">
          <div className="p-5">
            <ol className="mb-4 list-decimal space-y-1 pl-5 text-sm text-stone-600">
              <li>
                Create a secret key on the{' '}
                <Link href={`${base}/api-keys`} className={linkClass}>
                  API keys
                </Link>{' '}
                page.
              </li>
              <li>Replace <code className="rounded bg-stone-100 px-1 py-0.5 text-xs">sk_live_...</code> below with it and run:</li>
            </ol>
            <CodeBlock value={curl} testId="quickstart-curl" />
            <p className="mt-3 text-xs text-stone-500">
              Keys go in the <code>Authorization</code> header only, never in a URL.
            </p>
          </div>
        </Section>

        <Section title="Next steps" className="lg:col-span-2">
          <ul className="divide-y divide-stone-200">
            {[
              { href: `${base}/events`, title: 'Explore your data', body: 'Events per day, the latest events, your catalog and users.' },
              { href: `${base}/members`, title: 'Invite your team', body: 'Owners and admins manage keys and members.' },
              { href: `${base}/api-reference`, title: 'Explore the API', body: 'Every endpoint, its scopes and schemas.' },
              { href: `${base}/usage`, title: 'Watch usage', body: 'Daily units per meter for this period.' },
            ].map((s) => (
              <li key={s.href}>
                <Link href={s.href} className="block px-5 py-4 hover:bg-stone-50 focus-visible:outline-2 focus-visible:outline-brand-600">
                  <span className="text-sm font-medium text-stone-900">{s.title}</span>
                  <span className="mt-0.5 block text-sm text-stone-500">{s.body}</span>
                </Link>
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </>
  );
}
