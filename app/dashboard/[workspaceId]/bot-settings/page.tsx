import type { Metadata } from 'next';
import { requireWorkspacePage } from '@/app/lib/session';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { thresholdPreviewData } from '@/services/bot-tests/threshold-preview';
import { botSettingsView } from '@/services/chat/get-bot-settings';
import { hasRole } from '@/services/workspaces/roles';
import { BotSettingsForm } from './bot-settings-form';

export const metadata: Metadata = { title: 'Bot settings' };

export default async function BotSettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace, role } = await requireWorkspacePage(workspaceId);
  const canManage = hasRole(role, 'admin');
  const [settings, preview] = await Promise.all([botSettingsView(workspace.id), thresholdPreviewData(workspace.id)]);
  return (
    <>
      <PageHeader
        title="Bot settings"
        description="How the chat bot speaks for this workspace: its name and instructions, what it says when it does not know, the questions it offers, how sure it must be, and which language model it uses."
        actions={canManage ? undefined : <Badge>View only</Badge>}
      />
      <BotSettingsForm
        workspaceId={workspace.id}
        settings={settings}
        disabled={!canManage}
        preview={{
          questions: preview.questions,
          notMeasured: preview.notMeasured,
          // Formatted here, not in the browser, so that server and client render the same text.
          measuredAt: preview.run?.finishedAt ? `${preview.run.finishedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : null,
        }}
      />
    </>
  );
}
