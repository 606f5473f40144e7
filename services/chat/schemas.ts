import { z } from 'zod';
import { idString, safeText } from '@/services/validation';

export const MAX_MESSAGE_CHARS = 2000;

export const chatRequestSchema = z.strictObject({
  message: safeText(MAX_MESSAGE_CHARS).pipe(z.string().trim().min(1, 'must not be empty')),
  conversationId: idString(100).optional().describe('Continue this conversation (from an earlier answer); omitted: a new one'),
  userId: idString(200).optional().describe('Your id for the visitor (the same as in events), for memory across devices and recommendations'),
  userHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be the hex HMAC-SHA256 of userId with your identity secret')
    .optional()
    .describe('With publishable keys when identity verification is on: hex HMAC-SHA256(identity secret, userId), computed by your server'),
});
export type ChatRequest = z.output<typeof chatRequestSchema>;

export const citationSchema = z.object({
  n: z.number().int().describe('The [n] marker in the answer'),
  documentId: z.string(),
  title: z.string(),
  heading: z.string(),
  url: z.string().nullable().describe('Null for a private document: cited by title only'),
  snippet: z.string(),
});

export const productCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  price: z.number().nullable(),
  currency: z.string().nullable(),
  url: z.string().nullable(),
  imageUrl: z.string().nullable(),
  reason: z.string(),
});
export type ProductCard = z.output<typeof productCardSchema>;

export const chatResponseSchema = z.object({
  conversationId: z.string(),
  messageId: z.string().describe("The bot message's id (for feedback)"),
  answer: z.string(),
  answered: z.boolean().describe('false when the bot did not know (it then offers a person)'),
  handoff: z.boolean().describe('true when a person is offered or was asked for'),
  withAgent: z
    .boolean()
    .describe('true while a person owns the conversation: the bot did not answer (empty `answer`); their replies arrive through GET /v1/conversations/{id}/messages'),
  citations: z.array(citationSchema),
  products: z.array(productCardSchema),
});
export type ChatResponse = z.output<typeof chatResponseSchema>;

export const conversationParamsSchema = z.object({ id: idString(100) });

export const messageSchema = z.object({
  id: z.string(),
  seq: z.number().int().describe('Position in the conversation (the cursor of GET /v1/conversations/{id}/messages)'),
  role: z.enum(['visitor', 'bot', 'agent']).describe('agent: a reply written by a person of your team'),
  author: z.string().nullable().describe("Agent replies: the person's name as shown to the visitor"),
  text: z.string(),
  createdAt: z.iso.datetime(),
  answered: z.boolean().nullable(),
  citations: z.array(citationSchema),
  products: z.array(productCardSchema),
  feedback: z.enum(['up', 'down']).nullable(),
  sentiment: z
    .object({ label: z.enum(['negative', 'neutral', 'positive']), score: z.number() })
    .nullable()
    .optional()
    .describe('Visitor messages, secret keys only'),
});

export const conversationSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'pending', 'resolved']).describe('pending: a person answered and waits for the visitor'),
  withAgent: z.boolean().describe('A person owns the conversation: the bot stays silent until they hand it back'),
  userId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  flagged: z.boolean().optional().describe('Secret keys only: the conversation needs a person'),
  messages: z.array(messageSchema),
});
export type ConversationOutput = z.output<typeof conversationSchema>;

export const feedbackRequestSchema = z.strictObject({
  messageId: idString(100).optional().describe("A bot message's id; omitted: the conversation's latest bot message"),
  rating: z.enum(['up', 'down']),
  comment: safeText(1000).optional(),
});
export type FeedbackRequest = z.output<typeof feedbackRequestSchema>;

export const feedbackResponseSchema = z.object({ messageId: z.string(), rating: z.enum(['up', 'down']) });

export const newMessagesSchema = z.object({
  messages: z.array(messageSchema).describe('Messages after `after`, oldest first (at most 100)'),
  cursor: z.number().int().describe('Pass it as `after` on the next call'),
  status: z.enum(['open', 'pending', 'resolved']),
  withAgent: z.boolean().describe('A person owns the conversation: the bot stays silent until they hand it back'),
});
export type NewMessagesOutput = z.output<typeof newMessagesSchema>;
