// The dashboard's side of the chatbot: the inbox (filters, flags from sentiment and handoff,
// resolving), analytics, and the settings services (theme, identity secret, widget key).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { acceptMessage } from '@/services/chat/accept-message';
import { storeAnswer, type AnswerIntent } from '@/services/chat/store-answer';
import { recordSentiment } from '@/services/chat/record-sentiment';
import { listConversations } from '@/services/chat/list-conversations';
import { countInbox } from '@/services/chat/count-inbox';
import { setConversationStatus } from '@/services/chat/set-conversation-status';
import { chatAnalytics } from '@/services/chat/chat-analytics';
import { getConversation } from '@/services/chat/get-conversation';
import { giveFeedback } from '@/services/chat/give-feedback';
import { updateWidgetSettings } from '@/services/chat/update-widget-settings';
import { setIdentitySecret } from '@/services/chat/set-identity-secret';
import { setWidgetKey } from '@/services/chat/set-widget-key';
import { getChatSettings } from '@/services/chat/get-chat-settings';
import { getWidgetConfig } from '@/services/chat/get-widget-config';
import { resolveApiKey } from '@/services/api-keys/resolve-api-key';
import { inviteMember } from '@/services/members/invite-member';
import { acceptInvitation } from '@/services/members/accept-invitation';
import { signUp } from '@/services/auth/sign-up';
import { env } from '@/services/config/env';
import type { SentimentScore } from '@/services/chat/score-message-sentiment';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';

const score = (label: SentimentScore['label'], negative: number): SentimentScore => ({
  label,
  score: label === 'negative' ? negative : 1 - negative,
  scores: { negative, neutral: (1 - negative) / 2, positive: (1 - negative) / 2 },
});

/** One visitor message and its answer through the real storage functions, with a sentiment. */
async function turn(workspaceId: string, text: string, opts: { conversationId?: string; intent?: AnswerIntent; sentiment?: SentimentScore; handoff?: boolean } = {}) {
  const accepted = await acceptMessage(workspaceId, { conversationId: opts.conversationId, text, userVerified: false });
  const intent = opts.intent ?? 'answer';
  await storeAnswer({
    workspaceId,
    conversationId: accepted.conversationId,
    messageId: accepted.answerId,
    seq: accepted.seq + 1,
    text: intent === 'unknown' ? "I don't know" : 'An answer',
    answered: intent !== 'unknown',
    intent,
    method: 'extractive',
    latencyMs: 5,
    confidence: 0.5,
    citations: [],
    products: [],
    handoffRequested: !!opts.handoff,
  });
  let flagged = false;
  if (opts.sentiment) {
    const earlier = accepted.history.filter((h) => h.role === 'visitor').map((h) => ({ label: h.sentiment, negative: h.negative }));
    flagged = (await recordSentiment(workspaceId, accepted.conversationId, accepted.messageId, opts.sentiment, earlier)).flagged;
  }
  return { ...accepted, flagged };
}

let ws: string;
let ownerId: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  const owner = await buildOwner();
  ws = owner.workspace.id;
  ownerId = owner.user.id;
  // calm: answered, positive. angry: turns negative over two messages. unknown: unanswered twice.
  // handoff: asked for a person. resolved: negative, then resolved by an agent.
  ids.calm = (await turn(ws, 'How long does shipping take?', { sentiment: score('positive', 0.05) })).conversationId;
  const angry = await turn(ws, 'My parcel is late', { sentiment: score('negative', 0.6) });
  ids.angry = angry.conversationId;
  await turn(ws, 'Where is my order?', { conversationId: ids.angry, sentiment: score('neutral', 0.2) });
  const third = await turn(ws, 'This is ridiculous, still nothing', { conversationId: ids.angry, sentiment: score('negative', 0.65) });
  expect(third.flagged).toBe(true);
  ids.unknown = (await turn(ws, 'Do you sell kayaks?', { intent: 'unknown', sentiment: score('neutral', 0.1) })).conversationId;
  await turn(ws, '  do you SELL   kayaks? ', { conversationId: ids.unknown, intent: 'unknown' });
  await turn(ws, 'Do you sell kayaks?', { intent: 'unknown' });
  ids.handoff = (await turn(ws, 'talk to a human', { intent: 'handoff', handoff: true })).conversationId;
  ids.resolved = (await turn(ws, 'Worst service ever', { sentiment: score('negative', 0.95) })).conversationId;
  await setConversationStatus(ws, ids.resolved, 'resolved');
});

const idsOf = async (filter: Parameters<typeof listConversations>[1]) => (await listConversations(ws, filter)).conversations.map((c) => c.id);

describe('inbox', () => {
  it('flags conversations that turn negative (not a single mildly negative message) or ask for a person', async () => {
    const rows = await db().conversation.findMany({ where: { workspaceId: ws } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids.calm!)).toMatchObject({ flagged: false, lastSentiment: 'positive', negativeCount: 0 });
    expect(byId.get(ids.angry!)).toMatchObject({ flagged: true, flagReason: 'negative_sentiment', negativeCount: 2, lastSentiment: 'negative', messageCount: 6 });
    expect(byId.get(ids.handoff!)).toMatchObject({ flagged: true, flagReason: 'handoff_requested' });
    expect(byId.get(ids.resolved!)).toMatchObject({ flagged: false, status: 'resolved', flagReason: 'negative_sentiment' });
    // The transcript shows each visitor message's sentiment.
    const transcript = await getConversation(ws, ids.angry!, { internal: true });
    expect(transcript.messages.filter((m) => m.role === 'visitor').map((m) => m.sentiment?.label)).toEqual(['negative', 'neutral', 'negative']);
  });

  it('filters: flagged (open), negative, unanswered, resolved; counts match', async () => {
    expect((await idsOf({ filter: 'flagged' })).sort()).toEqual([ids.angry, ids.handoff].sort());
    expect((await idsOf({ filter: 'negative' })).sort()).toEqual([ids.angry, ids.resolved].sort());
    expect(await idsOf({ filter: 'unanswered' })).toHaveLength(2);
    expect(await idsOf({ filter: 'unanswered' })).toContain(ids.unknown);
    expect(await idsOf({ filter: 'resolved' })).toEqual([ids.resolved]);
    expect(await idsOf({ filter: 'all' })).toHaveLength(6);
    expect(await countInbox(ws)).toEqual({ all: 6, open: 5, flagged: 2, negative: 2, unanswered: 2, resolved: 1 });
  });

  it('pages by latest activity with a cursor', async () => {
    const first = await listConversations(ws, { limit: 4 });
    expect(first.conversations).toHaveLength(4);
    const second = await listConversations(ws, { limit: 4, cursor: first.nextCursor! });
    expect(second.conversations).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const all = [...first.conversations, ...second.conversations];
    expect(new Set(all.map((c) => c.id)).size).toBe(6);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.lastMessageAt.getTime()).toBeGreaterThanOrEqual(all[i]!.lastMessageAt.getTime());
  });

  it('resolving clears the flag; reopening and new messages make it open again; other workspaces get 404', async () => {
    const t = await turn(ws, 'talk to a person please', { intent: 'handoff', handoff: true });
    await setConversationStatus(ws, t.conversationId, 'resolved');
    expect(await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: ws, id: t.conversationId } } })).toMatchObject({ status: 'resolved', flagged: false });
    await turn(ws, 'one more thing', { conversationId: t.conversationId });
    expect(await db().conversation.findUnique({ where: { workspaceId_id: { workspaceId: ws, id: t.conversationId } } })).toMatchObject({ status: 'open', resolvedAt: null });
    const other = await buildOwner();
    await expect(setConversationStatus(other.workspace.id, t.conversationId, 'resolved')).rejects.toMatchObject({ code: 'not_found' });
    await db().conversation.delete({ where: { workspaceId_id: { workspaceId: ws, id: t.conversationId } } });
  });
});

describe('analytics', () => {
  it('counts conversations per day, answer and thumbs-up rates, sentiment per day and the top unanswered questions', async () => {
    await giveFeedback(ws, ids.calm!, { rating: 'up' });
    await giveFeedback(ws, ids.angry!, { rating: 'down' });
    await giveFeedback(ws, ids.resolved!, { rating: 'up' });
    const a = await chatAnalytics(ws, 30);
    expect(a.conversationsPerDay).toHaveLength(30);
    expect(a.conversationsPerDay.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), count: 6 });
    expect(a.conversations).toBe(6);
    // 5 answers (calm 1, angry 3, resolved 1) and 3 unknowns; the handoff reply is not a question.
    expect(a.questions).toBe(8);
    expect(a.answerRate).toBeCloseTo(5 / 8, 5);
    expect(a.ratings).toBe(3);
    expect(a.thumbsUpRate).toBeCloseTo(2 / 3, 5);
    expect(a.sentimentTrend).toEqual([{ day: new Date().toISOString().slice(0, 10), positive: 1, neutral: 2, negative: 3 }]);
    expect(a.topUnanswered).toEqual([{ question: expect.stringMatching(/kayaks\?/i), count: 3, lastAskedAt: expect.any(Date) }]);
  });

  it('is empty, not an error, for a new workspace', async () => {
    const { workspace } = await buildOwner();
    const a = await chatAnalytics(workspace.id, 7);
    expect(a).toMatchObject({ conversations: 0, answerRate: null, thumbsUpRate: null, sentimentTrend: [], topUnanswered: [] });
    expect(a.conversationsPerDay.map((d) => d.count)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('chatbot settings', () => {
  it('saves a valid theme (admins only) and the widget gets it; refuses bad colours and positions', async () => {
    await updateWidgetSettings({ workspaceId: ws, actorUserId: ownerId, settings: { title: 'Ask us', greeting: 'Hi!', color: '#0F766E', position: 'left' } });
    expect(await getWidgetConfig(ws)).toEqual({ title: 'Ask us', greeting: 'Hi!', color: '#0f766e', position: 'left', identityVerification: false, botName: null, starterQuestions: [] });
    await expect(updateWidgetSettings({ workspaceId: ws, actorUserId: ownerId, settings: { title: 'x', greeting: 'y', color: 'red;background:url(x)', position: 'top' } })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'color' }), expect.objectContaining({ path: 'position' })],
    });
    const email = uniqueEmail('member');
    const { user } = await signUp({ email, name: 'Member', password: TEST_PASSWORD });
    const { link } = await inviteMember({ workspaceId: ws, actorUserId: ownerId, email, role: 'member' });
    await acceptInvitation({ token: link.split('/invite/')[1]!, userId: user.id });
    await expect(updateWidgetSettings({ workspaceId: ws, actorUserId: user.id, settings: { title: 'x', greeting: 'y', color: '#000000', position: 'left' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(setIdentitySecret({ workspaceId: ws, actorUserId: user.id, enabled: true })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('turns identity verification on (a new secret each time) and off', async () => {
    const first = await setIdentitySecret({ workspaceId: ws, actorUserId: ownerId, enabled: true });
    const second = await setIdentitySecret({ workspaceId: ws, actorUserId: ownerId, enabled: true });
    expect(first).toMatch(/^cis_[0-9A-Za-z]{32}$/);
    expect(second).not.toBe(first);
    expect((await getChatSettings(ws)).identitySecret).toBe(second);
    expect((await getWidgetConfig(ws)).identityVerification).toBe(true);
    expect(await setIdentitySecret({ workspaceId: ws, actorUserId: ownerId, enabled: false })).toBeNull();
    expect((await getWidgetConfig(ws)).identityVerification).toBe(false);
  });

  it('creates the widget key once (dashboard origin included), then updates its sites', async () => {
    const created = await setWidgetKey({ workspaceId: ws, actorUserId: ownerId, origins: ['https://shop.example'] });
    expect(created.key).toMatch(/^pk_live_/);
    expect(created.allowedOrigins).toEqual([env().PUBLIC_WEB_URL, 'https://shop.example']);
    const resolved = await resolveApiKey(created.key);
    expect(resolved).toMatchObject({ workspaceId: ws, type: 'publishable' });
    expect([...resolved!.scopes].sort()).toEqual(['chat:write', 'events:write']);
    const updated = await setWidgetKey({ workspaceId: ws, actorUserId: ownerId, origins: ['https://shop.example', 'https://www.shop.example/'] });
    expect(updated).toEqual({ id: created.id, key: created.key, allowedOrigins: [env().PUBLIC_WEB_URL, 'https://shop.example', 'https://www.shop.example'] });
    expect((await getChatSettings(ws)).widgetKey).toEqual(updated);
    await expect(setWidgetKey({ workspaceId: ws, actorUserId: ownerId, origins: ['not a url'] })).rejects.toMatchObject({ code: 'validation_failed' });
    // A revoked widget key is replaced by a new one.
    await db().apiKey.update({ where: { workspaceId_id: { workspaceId: ws, id: created.id } }, data: { revokedAt: new Date() } });
    expect((await getChatSettings(ws)).widgetKey).toBeNull();
    const replaced = await setWidgetKey({ workspaceId: ws, actorUserId: ownerId, origins: [] });
    expect(replaced.id).not.toBe(created.id);
  });
});
