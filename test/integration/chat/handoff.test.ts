// Live handoff through the real api and the agent services: an agent's reply takes the
// conversation from the bot (silent while a person owns it), the visitor's widget reads the reply
// with the publishable key, handing back makes the bot answer again; notes stay internal; every
// change is audited; other workspaces and unknown conversations are 404; bad input names its field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { addConversationNote } from '@/services/chat/add-conversation-note';
import { assignConversation } from '@/services/chat/assign-conversation';
import { replyAsAgent } from '@/services/chat/reply-as-agent';
import { setConversationStatus } from '@/services/chat/set-conversation-status';
import { getVisitorContext } from '@/services/chat/get-visitor-context';
import { acceptInvitation } from '@/services/members/accept-invitation';
import { inviteMember } from '@/services/members/invite-member';
import { signUp } from '@/services/auth/sign-up';
import { startApiServer } from '@/test/support/api-server';
import { TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import type { Api } from '@/test/support/catalog';
import { chat, chatTenant, SHOP_ORIGIN } from '@/test/support/chat';
import { loadChatModels, stopChatModels } from '@/test/support/knowledge';

let api: Api;
let shop: Awaited<ReturnType<typeof chatTenant>>;
let other: Awaited<ReturnType<typeof chatTenant>>;
let ownerId: string;
let memberId: string;

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code, fields: (err.details ?? []).map((d) => d.path) };
    throw err;
  }
  throw new Error('expected a rejection');
}

/** The visitor's widget: publishable key from the shop's origin. */
const visitor = {
  say: (message: string, conversationId?: string, stream = false) => chat(api, shop.publishable, { message, ...(conversationId ? { conversationId } : {}) }, { origin: SHOP_ORIGIN, stream }),
  poll: async (conversationId: string, after?: number | string, key = shop.publishable) => {
    const res = await api.request(`/v1/conversations/${conversationId}/messages${after === undefined ? '' : `?after=${after}`}`, { key, headers: { Origin: SHOP_ORIGIN } });
    return { status: res.status, body: await res.json() };
  },
  history: async (conversationId: string) => {
    const res = await api.request(`/v1/conversations/${conversationId}`, { key: shop.publishable, headers: { Origin: SHOP_ORIGIN } });
    return { status: res.status, body: await res.json() };
  },
};
const audits = (conversationId: string) => db().auditLog.findMany({ where: { workspaceId: shop.workspaceId, targetId: conversationId }, orderBy: { id: 'asc' } });
const conversationRow = (id: string) => db().conversation.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: shop.workspaceId, id } } });

beforeAll(async () => {
  await loadChatModels();
  api = await startApiServer();
  [shop, other] = await Promise.all([chatTenant(), chatTenant()]);
  ownerId = shop.owner.user.id;
  const email = uniqueEmail('agent');
  const { user } = await signUp({ email, name: 'Ada Agent', password: TEST_PASSWORD });
  const { link } = await inviteMember({ workspaceId: shop.workspaceId, actorUserId: ownerId, email, role: 'member' });
  await acceptInvitation({ token: link.split('/invite/')[1]!, userId: user.id });
  memberId = user.id;
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stopChatModels();
});

describe('an agent takes over, the bot goes quiet, and hands back', () => {
  it('keeps the bot silent while a person owns the conversation and answers again once handed back', async () => {
    const asked = await visitor.say("I'd like to talk to a person");
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ handoff: true, withAgent: false });
    const id = asked.body.conversationId as string;
    expect(await conversationRow(id)).toMatchObject({ flagged: true, flagReason: 'handoff_requested', assigneeUserId: null });

    // The agent (a plain member) replies: the conversation is theirs, pending, no longer flagged.
    await replyAsAgent({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: memberId, reply: { text: '  Hi, Ada here. Let me check your order.  ' } });
    expect(await conversationRow(id)).toMatchObject({ assigneeUserId: memberId, status: 'pending', flagged: false });

    // The widget's poll gets the reply (trimmed, with the agent's name), and the cursor moves on.
    const polled = await visitor.poll(id, -1);
    expect(polled.status).toBe(200);
    const reply = polled.body.messages.find((m: { role: string }) => m.role === 'agent');
    expect(reply).toMatchObject({ text: 'Hi, Ada here. Let me check your order.', author: 'Ada Agent' });
    expect(polled.body).toMatchObject({ withAgent: true, status: 'pending', cursor: reply.seq });
    expect((await visitor.poll(id, polled.body.cursor)).body).toMatchObject({ messages: [], cursor: polled.body.cursor });

    // A question the bot could answer gets no bot answer now: stored for the agent, reopened.
    const quiet = await visitor.say('How long does standard delivery take?', id);
    expect(quiet.body).toMatchObject({ answer: '', withAgent: true, citations: [] });
    const streamed = await visitor.say('And express?', id, true);
    expect(streamed.body.map((e: { event: string }) => e.event)).toEqual(['done']);
    expect(streamed.body[0].data).toMatchObject({ withAgent: true });
    const after = await visitor.poll(id, polled.body.cursor);
    expect(after.body.messages.map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ['visitor', 'How long does standard delivery take?'],
      ['visitor', 'And express?'],
    ]);
    expect(after.body.status).toBe('open');

    // Handed back to the bot: it answers the same question again.
    await assignConversation({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: memberId, assignment: { assigneeUserId: null } });
    const answered = await visitor.say('How long does standard delivery take?', id);
    expect(answered.body).toMatchObject({ answered: true, withAgent: false });
    expect(answered.body.answer).toContain('2 to 4 working days');

    // The next visit restores the whole conversation, the agent's reply included.
    const history = await visitor.history(id);
    expect(history.body.withAgent).toBe(false);
    expect(history.body.messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'bot', 'agent', 'visitor', 'visitor', 'visitor', 'bot']);

    const actions = (await audits(id)).map((a) => [a.action, a.actorUserId]);
    expect(actions).toEqual([
      ['conversation.replied', memberId],
      ['conversation.handed_back', memberId],
    ]);
  }, 60_000);

  it('keeps internal notes out of everything the visitor can read, and audits them', async () => {
    const id = (await visitor.say('Hello')).body.conversationId as string;
    await addConversationNote({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: memberId, note: { text: 'VIP customer, refund without asking' } });
    const everything = JSON.stringify([(await visitor.history(id)).body, (await visitor.poll(id)).body]);
    expect(everything).not.toContain('VIP customer');
    expect(await db().conversationNote.count({ where: { workspaceId: shop.workspaceId, conversationId: id } })).toBe(1);
    expect((await audits(id)).map((a) => a.action)).toEqual(['conversation.note_added']);
  });

  it('sets the status (any member), and resolving hands the conversation back to the bot', async () => {
    const id = (await visitor.say('Hello')).body.conversationId as string;
    await assignConversation({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: memberId, assignment: { assigneeUserId: memberId } });
    await setConversationStatus(shop.workspaceId, id, 'pending', memberId);
    expect(await conversationRow(id)).toMatchObject({ status: 'pending', assigneeUserId: memberId });
    await setConversationStatus(shop.workspaceId, id, 'resolved', memberId);
    expect(await conversationRow(id)).toMatchObject({ status: 'resolved', assigneeUserId: null, flagged: false });
    const log = await audits(id);
    expect(log.map((a) => a.action)).toEqual(['conversation.assigned', 'conversation.status_changed', 'conversation.status_changed']);
    expect(log[2]!.metadata).toMatchObject({ from: 'pending', to: 'resolved', handedBackFrom: memberId });
  });
});

describe('roles, tenancy and bad input', () => {
  it('lets members take or hand back a conversation, but only admins give it to a colleague', async () => {
    const id = (await visitor.say('Hello')).body.conversationId as string;
    expect(await failure(assignConversation({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: memberId, assignment: { assigneeUserId: ownerId } }))).toMatchObject({ status: 403, code: 'forbidden' });
    await assignConversation({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: ownerId, assignment: { assigneeUserId: memberId } });
    expect(await conversationRow(id)).toMatchObject({ assigneeUserId: memberId });
    const log = await audits(id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'conversation.assigned', actorUserId: ownerId, metadata: { from: null, to: memberId } });
  });

  it('answers 404 across workspaces: other members, other conversations, other keys', async () => {
    const id = (await visitor.say('Hello')).body.conversationId as string;
    const foreign = (await chat(api, other.publishable, { message: 'Hello' }, { origin: SHOP_ORIGIN })).body.conversationId as string;
    const outsider = other.owner.user.id;
    // A member of another workspace cannot act on this one's conversation...
    expect(await failure(replyAsAgent({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: outsider, reply: { text: 'hi' } }))).toMatchObject({ status: 404 });
    expect(await failure(addConversationNote({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: outsider, note: { text: 'hi' } }))).toMatchObject({ status: 404 });
    expect(await failure(assignConversation({ workspaceId: shop.workspaceId, conversationId: id, actorUserId: outsider, assignment: { assigneeUserId: null } }))).toMatchObject({ status: 404 });
    expect(await failure(setConversationStatus(shop.workspaceId, id, 'resolved', outsider))).toMatchObject({ status: 404 });
    // ...nor reach another workspace's conversation through their own.
    expect(await failure(replyAsAgent({ workspaceId: shop.workspaceId, conversationId: foreign, actorUserId: memberId, reply: { text: 'hi' } }))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await db().chatMessage.count({ where: { conversationId: foreign, role: 'agent' } })).toBe(0);
    // A visitor reads only a conversation they hold the id of, of the key's workspace.
    expect((await visitor.poll(foreign)).status).toBe(404);
    expect((await visitor.poll('cnv_doesNotExist0000000000')).status).toBe(404);
    expect((await visitor.poll(id, -1, other.publishable)).status).toBe(404);
    expect((await visitor.poll(id)).status).toBe(200);
  });

  it('names the failing field', async () => {
    const id = (await visitor.say('Hello')).body.conversationId as string;
    for (const after of ['abc', '1.5', '-5']) {
      const res = await visitor.poll(id, after);
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['querystring.after']);
    }
    const act = { workspaceId: shop.workspaceId, conversationId: id, actorUserId: ownerId };
    expect(await failure(replyAsAgent({ ...act, reply: { text: '   ' } }))).toMatchObject({ status: 400, fields: ['text'] });
    expect(await failure(replyAsAgent({ ...act, reply: { text: 'x'.repeat(4001) } }))).toMatchObject({ status: 400, fields: ['text'] });
    expect(await failure(addConversationNote({ ...act, note: { text: '' } }))).toMatchObject({ status: 400, fields: ['text'] });
    expect(await failure(setConversationStatus(shop.workspaceId, id, 'closed', ownerId))).toMatchObject({ status: 400, fields: ['status'] });
    expect(await failure(assignConversation({ ...act, assignment: { assigneeUserId: other.owner.user.id } }))).toMatchObject({ status: 400, fields: ['assigneeUserId'] });
    expect(await audits(id)).toHaveLength(0);
  });
});

describe('the visitor beside the transcript', () => {
  it("shows an identified visitor's traits and latest events of this workspace only", async () => {
    const send = (key: string, path: string, method: string, body: unknown) =>
      api.request(path, { method, key, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    expect((await send(shop.secret, '/v1/users', 'PUT', { users: [{ id: 'u-ctx', traits: { plan: 'pro', city: 'Munich' } }] })).status).toBe(200);
    const events = Array.from({ length: 12 }, (_, i) => ({ id: `ev-ctx-${i}`, type: 'view', userId: 'u-ctx', itemId: `tent-${i}`, timestamp: Date.UTC(2026, 10, 1, 10, i) }));
    const ingested = await send(shop.secret, '/v1/events', 'POST', { events });
    expect(await ingested.json()).toMatchObject({ accepted: 12 });
    // The same user id in another workspace is another person.
    expect((await send(other.secret, '/v1/events', 'POST', { events: [{ id: 'ev-foreign', type: 'purchase', userId: 'u-ctx', itemId: 'foreign', timestamp: Date.UTC(2026, 10, 2) }] })).status).toBe(200);

    const ctx = await getVisitorContext(shop.workspaceId, 'u-ctx');
    expect(ctx).toMatchObject({ userId: 'u-ctx', known: true, traits: [{ key: 'city', value: 'Munich' }, { key: 'plan', value: 'pro' }] });
    expect(ctx!.events.map((e) => e.itemId)).toEqual(['tent-11', 'tent-10', 'tent-9', 'tent-8', 'tent-7', 'tent-6', 'tent-5', 'tent-4', 'tent-3', 'tent-2']);
    expect(await getVisitorContext(shop.workspaceId, null)).toBeNull();
    expect(await getVisitorContext(shop.workspaceId, 'u-unknown')).toMatchObject({ known: false, traits: [], events: [] });
  });
});
