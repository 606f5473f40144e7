import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { PageHeader, Section } from '@/components/ui/page-header';
import { linkClass } from '@/components/ui/styles';
import { getHandoffWebhook } from '@/services/chat/handoff-webhook-settings';
import { hasRole } from '@/services/workspaces/roles';
import { WebhookForm } from './webhook-form';

export const metadata: Metadata = { title: 'Inbox notifications' };

export default async function NotificationsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const webhook = await getHandoffWebhook(workspace.id);
  const admin = hasRole(role, 'admin');
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href={`/dashboard/${workspace.id}/inbox`} className={linkClass}>← Inbox</Link>
      </nav>
      <PageHeader title="Notifications" description="When a visitor asks for a person (or a conversation turns negative), every member gets an email with a link to the conversation." />
      <Section title="Webhook" description={`A signed POST (Cairn-Signature header, HMAC-SHA256) to your URL for each conversation that needs a person, retried for about 13 minutes on errors. See docs/chat.md for verifying it.${admin ? '' : ' Only admins can change it.'}`}>
        <WebhookForm workspaceId={workspace.id} url={webhook.url} secretSet={webhook.secretSet} disabled={!admin} />
      </Section>
    </>
  );
}
