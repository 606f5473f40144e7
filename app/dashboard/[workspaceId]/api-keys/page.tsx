import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDate, maskedKey } from '@/app/lib/format';
import { Alert } from '@/components/ui/alert';
import { PageHeader, Section } from '@/components/ui/page-header';
import { listApiKeys } from '@/services/api-keys/list-api-keys';
import { pendingEmailVerification } from '@/services/auth/require-verified-email';
import { hasRole } from '@/services/workspaces/roles';
import { CreateKeyForm } from './create-key-form';
import { KeysTable } from './keys-table';
import { VerifyEmailBanner } from './verify-email-banner';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role, userId } = await requireWorkspacePage(workspaceId);
  const canManage = hasRole(role, 'admin');
  const [all, unverified] = await Promise.all([listApiKeys(workspace.id, { includeRevoked: true }), canManage ? pendingEmailVerification(userId) : null]);
  const active = all.filter((k) => !k.revokedAt);
  const revoked = all.filter((k) => k.revokedAt);

  return (
    <>
      <PageHeader
        title="API keys"
        description="Secret keys authenticate your servers; publishable keys are safe in browsers for tracking and the chat widget. Send them as Authorization: Bearer <key>."
      />
      <div className="space-y-8">
        {canManage ? (
          <Section id="create-key" title="Create an API key">
            {unverified ? <VerifyEmailBanner email={unverified} /> : <CreateKeyForm workspaceId={workspace.id} />}
          </Section>
        ) : (
          <Alert tone="info">Only owners and admins can create or revoke keys.</Alert>
        )}

        <Section id="active-keys" title="Active keys" description={`${active.length} active`}>
          <KeysTable workspaceId={workspace.id} keys={active} canManage={canManage} />
        </Section>

        {revoked.length > 0 ? (
          <details className="group rounded-xl border border-stone-200 bg-white shadow-sm">
            <summary className="cursor-pointer rounded-xl px-5 py-4 text-sm font-medium text-stone-700 hover:bg-stone-50 focus-visible:outline-2 focus-visible:outline-brand-600">
              Revoked keys ({revoked.length})
            </summary>
            <ul className="divide-y divide-stone-200 border-t border-stone-200">
              {revoked.map((k) => (
                <li key={k.id} className="flex flex-wrap items-center justify-between gap-2 px-5 py-3 text-sm" data-testid="revoked-key-row">
                  <span className="text-stone-700">
                    {k.name} <code className="ml-2 font-mono text-xs text-stone-500">{maskedKey(k.prefix, k.last4)}</code>
                  </span>
                  <span className="text-xs text-stone-500">Revoked {formatDate(k.revokedAt!)}</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </>
  );
}
