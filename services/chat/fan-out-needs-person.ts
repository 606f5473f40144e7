import { randomUUID } from 'node:crypto';
import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { enqueue } from '@/services/jobs/enqueue';
import { deliverHandoffWebhookJob } from '@/services/chat/jobs';
import { sendEmailJob } from '@/services/mail/jobs';

const REASONS: Record<string, string> = { handoff_requested: 'asked for a person', negative_sentiment: 'is unhappy (the conversation turned negative)' };

/**
 * "Needs a person": an email to every member (existing mail transport, one send-email job each) and
 * the webhook delivery when one is set, all enqueued in one transaction. The email carries the
 * conversation's first message (already redacted when PII redaction is on) and the inbox link.
 */
export async function fanOutNeedsPerson(input: { workspaceId: string; conversationId: string; reason: string; occurredAt: string }) {
  const { workspaceId, conversationId, reason } = input;
  const [conversation, workspace, members, settings] = await Promise.all([
    db().conversation.findUnique({ where: { workspaceId_id: { workspaceId, id: conversationId } }, select: { preview: true, contactEmail: true, userId: true } }),
    db().workspace.findUnique({ where: { id: workspaceId }, select: { name: true } }),
    db().membership.findMany({ where: { workspaceId }, select: { user: { select: { email: true } } } }),
    db().chatSettings.findUnique({ where: { workspaceId }, select: { handoffWebhookUrl: true } }),
  ]);
  if (!conversation || !workspace) return { emails: 0, webhook: false };
  const link = `${env().PUBLIC_WEB_URL}/dashboard/${workspaceId}/inbox/${conversationId}`;
  const who = conversation.userId ? `User ${conversation.userId}` : 'A visitor';
  const text = [
    `${who} on ${workspace.name} ${REASONS[reason] ?? 'needs a person'}.`,
    '',
    conversation.preview ? `First message: "${conversation.preview}"` : null,
    conversation.contactEmail ? `They left an email address: ${conversation.contactEmail}` : null,
    '',
    `Reply in the inbox (the visitor sees it in the chat widget): ${link}`,
  ]
    .filter((l) => l !== null)
    .join('\n');
  await db().$transaction(async (tx) => {
    for (const m of members) {
      await enqueue(tx, sendEmailJob, { to: m.user.email, subject: `[${workspace.name}] A visitor needs a person`.slice(0, 300), text });
    }
    if (settings?.handoffWebhookUrl) {
      await enqueue(tx, deliverHandoffWebhookJob, { workspaceId, conversationId, reason, eventId: `evt_${randomUUID()}`, occurredAt: input.occurredAt });
    }
  });
  return { emails: members.length, webhook: !!settings?.handoffWebhookUrl };
}
