import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate } from '@/app/lib/format';
import { firstParam } from '@/app/lib/redirects';
import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { PageHeader, Section } from '@/components/ui/page-header';
import { db } from '@/services/db/client';
import { hasRole } from '@/services/workspaces/roles';
import { buttonClass } from '@/components/ui/styles';
import { ChangePasswordForm } from './change-password-form';
import { DeleteWorkspaceForm } from './delete-workspace-form';
import { RenameForm } from './rename-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspaceId } = await params;
  const notice = firstParam((await searchParams).notice);
  const { workspace, role, userId } = await requireWorkspacePage(workspaceId);
  const isAdmin = hasRole(role, 'admin');
  const isOwner = hasRole(role, 'owner');
  const [me, billing] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } }),
    isOwner ? db().billingAccount.findUnique({ where: { workspaceId: workspace.id }, select: { subscriptionStatus: true } }) : null,
  ]);

  return (
    <>
      <PageHeader title="Settings" description="Workspace details and your account. Owners and admins can rename the workspace." />
      <div className="space-y-8">
        <Section title="General">
          {isAdmin ? (
            <RenameForm workspaceId={workspace.id} name={workspace.name} />
          ) : (
            <p className="p-5 text-sm text-stone-700">
              <span className="font-medium">{workspace.name}</span> <span className="text-stone-500">(ask an admin to rename it)</span>
            </p>
          )}
        </Section>
        <Section title="Details">
          <dl className="divide-y divide-stone-200 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2 px-5 py-3">
              <dt className="text-stone-500">Workspace id</dt>
              <dd className="flex items-center gap-2">
                <code className="font-mono text-xs text-stone-900">{workspace.id}</code>
                <CopyButton value={workspace.id} />
              </dd>
            </div>
            <div className="flex items-center justify-between gap-2 px-5 py-3">
              <dt className="text-stone-500">Plan</dt>
              <dd>
                <Badge tone="brand" className="capitalize">{workspace.plan}</Badge>
              </dd>
            </div>
            <div className="flex items-center justify-between gap-2 px-5 py-3">
              <dt className="text-stone-500">Created</dt>
              <dd className="text-stone-900">{formatDate(workspace.createdAt)}</dd>
            </div>
            <div className="flex items-center justify-between gap-2 px-5 py-3">
              <dt className="text-stone-500">Your role</dt>
              <dd className="text-stone-900 capitalize">{role}</dd>
            </div>
          </dl>
        </Section>
        {isAdmin ? (
          <Section title="Export" description="Every row of this workspace as JSON Lines: events, catalog, users, knowledge base, conversations, settings, usage and the audit log. Secrets (key hashes, encrypted LLM keys) are left out.">
            <div className="p-5">
              {/* A plain link: the browser streams the download; the route checks the role again. */}
              <a href={`/api/workspaces/${workspace.id}/export`} className={buttonClass('secondary')} data-testid="export-workspace" download>
                Export workspace data
              </a>
            </div>
          </Section>
        ) : null}
        <Section title="Your account" description={`Signed in as ${me.email}.`}>
          <ChangePasswordForm workspaceId={workspace.id} email={me.email} changed={notice === 'password-changed'} />
        </Section>
        {isOwner ? (
          <Section title="Delete workspace">
            <DeleteWorkspaceForm workspaceId={workspace.id} name={workspace.name} subscribed={!!billing?.subscriptionStatus && billing.subscriptionStatus !== 'canceled'} />
          </Section>
        ) : null}
      </div>
    </>
  );
}
