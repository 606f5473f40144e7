import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime } from '@/app/lib/format';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, linkClass } from '@/components/ui/styles';
import { getTranscript } from '@/services/chat/get-transcript';
import { getVisitorContext } from '@/services/chat/get-visitor-context';
import { listConversationNotes } from '@/services/chat/list-conversation-notes';
import { listMembers } from '@/services/members/list-members';
import { hasRole } from '@/services/workspaces/roles';
import { idParam } from '../../_components/route-param';
import { ConversationBadges } from '../../_components/chat-badges';
import { assignAction, noteAction, replyAction, setStatusAction, statusFormAction } from '../actions';
import { AutoRefresh, SelectForm, TextForm } from './agent-forms';
import { Transcript } from './transcript';
import { VisitorPanel } from './visitor-panel';

export const metadata: Metadata = { title: 'Conversation' };

const STATUS_OPTIONS = [
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending (waiting on the visitor)' },
  { value: 'resolved', label: 'Resolved' },
];

export default async function ConversationPage({ params }: { params: Promise<{ workspaceId: string; conversationId: string }> }) {
  const { workspaceId, conversationId } = await params;
  const { workspace, userId, role } = await requireWorkspacePage(workspaceId);
  const conversation = await getTranscript(workspace.id, idParam(conversationId));
  if (!conversation) notFound();
  const [notes, members, visitor] = await Promise.all([
    listConversationNotes(workspace.id, conversation.id),
    listMembers(workspace.id),
    getVisitorContext(workspace.id, conversation.userId),
  ]);
  const base = `/dashboard/${workspace.id}/inbox`;
  const resolved = conversation.status === 'resolved';
  const assignee = conversation.assigneeUserId ? members.find((m) => m.id === conversation.assigneeUserId) : undefined;
  // Members may take a conversation or hand it back; admins may also give it to a colleague.
  const assignable = hasRole(role, 'admin') ? members : members.filter((m) => m.id === userId);
  const assignOptions = [
    { value: 'bot', label: 'The bot (answers the visitor)' },
    ...(conversation.assigneeUserId && !assignable.some((m) => m.id === conversation.assigneeUserId)
      ? [{ value: conversation.assigneeUserId, label: assignee ? `${assignee.name || assignee.email}` : 'A former member' }]
      : []),
    ...assignable.map((m) => ({ value: m.id, label: `${m.name || m.email}${m.id === userId ? ' (you)' : ''}` })),
  ];

  return (
    <>
      <AutoRefresh seconds={3} />
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href={base} className={linkClass}>← Inbox</Link>
      </nav>
      <PageHeader
        title={conversation.preview ?? 'Conversation'}
        description={
          <>
            Started {formatDateTime(conversation.createdAt)} · {conversation.userId ? `user ${conversation.userId}${conversation.userVerified ? ' (verified)' : ' (unverified)'}` : 'anonymous visitor'}
            {conversation.contactEmail ? (
              <>
                {' · '}
                <a className={linkClass} href={`mailto:${conversation.contactEmail}`}>{conversation.contactEmail}</a>
              </>
            ) : null}
          </>
        }
        actions={
          <form action={setStatusAction.bind(null, workspace.id, conversation.id, resolved ? 'open' : 'resolved')}>
            <button type="submit" className={buttonClass(resolved ? 'secondary' : 'primary')} data-testid="toggle-resolved">
              {resolved ? 'Reopen' : 'Mark resolved'}
            </button>
          </form>
        }
      />
      <div className="mb-4" data-testid="conversation-badges">
        <ConversationBadges {...conversation} />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-6">
          <Transcript workspaceId={workspace.id} messages={conversation.messages} />
          <Section title="Reply to the visitor" description={conversation.assigneeUserId ? `${assignee ? assignee.name || assignee.email : 'A person'} owns this conversation: the bot stays silent until it is handed back.` : 'Replying takes the conversation from the bot: it stays silent until you hand it back.'}>
            <div className="p-5">
              <TextForm action={replyAction.bind(null, workspace.id, conversation.id)} label="Reply" name="text" submit="Send reply" placeholder="The visitor sees this in the chat widget within a second or two." testId="agent-reply" />
            </div>
          </Section>
        </div>
        <aside className="space-y-6">
          <Section title="Handling">
            <div className="space-y-4 p-5">
              <SelectForm action={statusFormAction.bind(null, workspace.id, conversation.id)} label="Status" name="status" value={conversation.status} options={STATUS_OPTIONS} submit="Set" testId="status-form" />
              <SelectForm action={assignAction.bind(null, workspace.id, conversation.id)} label="Owner" name="assigneeUserId" value={conversation.assigneeUserId ?? 'bot'} options={assignOptions} submit="Assign" testId="assign-form" />
            </div>
          </Section>
          <VisitorPanel visitor={visitor} />
          <Section title="Internal notes" description="For your team only; never sent to the visitor.">
            <div className="space-y-3 p-5">
              <ul className="space-y-2 text-sm" data-testid="notes">
                {notes.map((n) => (
                  <li key={n.id} className="rounded-lg bg-amber-50 px-3 py-2">
                    <p className="whitespace-pre-wrap text-stone-900">{n.text}</p>
                    <p className="mt-1 text-xs text-stone-500">{n.authorName} · {formatDateTime(n.createdAt)}</p>
                  </li>
                ))}
              </ul>
              <TextForm action={noteAction.bind(null, workspace.id, conversation.id)} label="Add a note" name="text" submit="Add note" placeholder="Only your team sees this." testId="note-form" />
            </div>
          </Section>
        </aside>
      </div>
    </>
  );
}
