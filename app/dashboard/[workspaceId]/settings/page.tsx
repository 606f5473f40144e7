import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { PageHeader, Section } from '@/components/ui/page-header';
import { db } from '@/services/db/client';
import { hasRole } from '@/services/workspaces/roles';
import { ChangePasswordForm } from './change-password-form';
import { RenameForm } from './rename-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role, userId } = await requireWorkspacePage(workspaceId);
  const isAdmin = hasRole(role, 'admin');
  const me = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });

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
        <Section title="Your account" description={`Signed in as ${me.email}.`}>
          <ChangePasswordForm email={me.email} />
        </Section>
      </div>
    </>
  );
}
