import { z } from 'zod';
import { idString, safeText } from '@/services/validation';

export const MAX_AGENT_TEXT = 4000;

/** An agent's reply or internal note: 1..4000 characters once trimmed. */
const agentText = safeText(MAX_AGENT_TEXT).pipe(z.string().trim().min(1, 'must not be empty'));

export const agentReplyInput = z.strictObject({ text: agentText });
export const noteInput = z.strictObject({ text: agentText });
/** null: hand the conversation back to the bot. */
export const assignInput = z.strictObject({ assigneeUserId: idString(100).nullable() });
export const CONVERSATION_STATUSES = ['open', 'pending', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const statusInput = z.strictObject({ status: z.enum(CONVERSATION_STATUSES, 'must be open, pending or resolved') });

/** The visitor's poll: messages after a position (the `cursor` of the previous answer). */
export const newMessagesQuery = z.strictObject({
  after: z.coerce.number('must be a number').int('must be a whole number').min(-1, 'must be -1 or more').max(1_000_000_000, 'is too large').default(-1)
    .describe('The `cursor` of the previous answer (-1 or omitted: from the start)'),
});
