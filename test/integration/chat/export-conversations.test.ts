// Conversation exports (services/chat/export-conversations.ts) against the real database: the
// inbox's filters, tenancy, roles, validation, the audit line, CSV quoting and formula escaping
// (read back with csv-parse), JSON with messages, and exports longer than one page.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '@/services/auth/sign-up';
import { CSV_HEADER, exportConversations, type ExportedConversation } from '@/services/chat/export-conversations';
import { listConversations, type InboxFilter } from '@/services/chat/list-conversations';
import { db } from '@/services/db/client';
import { acceptInvitation } from '@/services/members/accept-invitation';
import { inviteMember } from '@/services/members/invite-member';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { chatTurn, FORMULA_TEXT, QUOTED_TEXT, seedInbox } from '@/test/support/conversations';

async function text(body: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part as Buffer | string));
  return Buffer.concat(parts).toString('utf8');
}

type CsvRow = Record<string, string>;

let ws: string;
let ownerId: string;
let memberId: string;
let otherWs: string;
let otherOwnerId: string;
let ids: Awaited<ReturnType<typeof seedInbox>>;
let foreignId: string;

const run = (params: Record<string, string>, as = ownerId, workspaceId = ws) => exportConversations({ actorUserId: as, workspaceId, params: new URLSearchParams(params) });
async function csv(filter: InboxFilter): Promise<CsvRow[]> {
  const out = await run({ format: 'csv', filter });
  expect(out.contentType).toBe('text/csv; charset=utf-8');
  const body = await text(out.body);
  expect(body.startsWith('\uFEFF')).toBe(true);
  return parse(body, { bom: true, columns: true }) as CsvRow[];
}

beforeAll(async () => {
  const owner = await buildOwner();
  ws = owner.workspace.id;
  ownerId = owner.user.id;
  ids = await seedInbox(ws);
  const email = uniqueEmail('member');
  const { user } = await signUp({ email, name: 'Member', password: TEST_PASSWORD });
  const { link } = await inviteMember({ workspaceId: ws, actorUserId: ownerId, email, role: 'member' });
  await acceptInvitation({ token: link.split('/invite/')[1]!, userId: user.id });
  memberId = user.id;
  const other = await buildOwner();
  otherWs = other.workspace.id;
  otherOwnerId = other.user.id;
  foreignId = (await chatTurn(otherWs, 'Secret question from another shop', { handoff: true, intent: 'handoff' })).conversationId;
});

describe('conversation export', () => {
  it('CSV: each filter holds exactly what the inbox lists under it, never another workspace', async () => {
    for (const filter of ['all', 'open', 'flagged', 'negative', 'unanswered', 'resolved'] as const) {
      const listed = (await listConversations(ws, { filter, limit: 100 })).conversations.map((c) => c.id);
      const rows = await csv(filter);
      expect(rows.map((r) => r.conversation_id), filter).toEqual(listed);
      expect(rows.map((r) => r.conversation_id)).not.toContain(foreignId);
    }
    expect((await csv('flagged')).map((r) => r.conversation_id).sort()).toEqual([ids.angry, ids.handoff].sort());
    expect(await csv('all')).toHaveLength(5);
    // The other workspace's export holds its own conversation only.
    const theirs = await exportConversations({ actorUserId: otherOwnerId, workspaceId: otherWs, params: new URLSearchParams({ format: 'csv' }) });
    const rows = parse(await text(theirs.body), { bom: true, columns: true }) as CsvRow[];
    expect(rows.map((r) => r.conversation_id)).toEqual([foreignId]);
  });

  it('CSV: columns, sentiment, needs-a-person and thumbs counts', async () => {
    const out = await run({ format: 'csv' });
    const body = await text(out.body);
    expect(body.slice(1, body.indexOf('\n'))).toBe(CSV_HEADER.join(','));
    const rows = parse(body, { bom: true, columns: true }) as CsvRow[];
    const byId = new Map(rows.map((r) => [r.conversation_id, r]));
    expect(byId.get(ids.angry)).toMatchObject({ status: 'open', message_count: '4', last_sentiment: 'negative', last_sentiment_score: '0.7', negative_messages: '2', needs_person: 'true', flag_reason: 'negative_sentiment', thumbs_up: '0', thumbs_down: '1', first_message: 'My parcel is late' });
    expect(byId.get(ids.calm)).toMatchObject({ last_sentiment: 'positive', last_sentiment_score: '0.95', needs_person: 'false', thumbs_up: '1', thumbs_down: '0', user_id: '' });
    expect(byId.get(ids.handoff)).toMatchObject({ needs_person: 'true', flag_reason: 'handoff_requested', last_sentiment: '', last_sentiment_score: '' });
    // Resolved clears "needs a person" but keeps what happened.
    expect(byId.get(ids.resolved)).toMatchObject({ status: 'resolved', needs_person: 'false', negative_messages: '1' });
    const formula = byId.get(ids.formula)!;
    expect(Object.keys(formula)).toEqual(CSV_HEADER);
    expect(formula.user_id).toBe('u-formula');
    expect(Date.parse(formula.started_at!)).toBeLessThanOrEqual(Date.parse(formula.last_message_at!));
    expect(formula.last_message_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('CSV: a cell starting with = + - @ gets an apostrophe; commas, quotes and line breaks are quoted', async () => {
    const quoted = 'Quoted: 1, "2"\nthree';
    const t = await chatTurn(ws, quoted);
    const negative = await chatTurn(ws, '-2+3 is not a question');
    const at = await chatTurn(ws, '@everyone hello');
    const plus = await chatTurn(ws, '+44 20 7946 0000');
    try {
      const body = await text((await run({ format: 'csv' })).body);
      // The raw cell: an apostrophe inside the quoted field (it holds quotes and a comma).
      expect(body).toContain(`"'${FORMULA_TEXT.replace(/"/g, '""')}"`);
      const rows = parse(body, { bom: true, columns: true }) as CsvRow[];
      const first = (id: string) => rows.find((r) => r.conversation_id === id)!.first_message;
      expect(first(ids.formula)).toBe(`'${FORMULA_TEXT}`);
      expect(first(negative.conversationId)).toBe("'-2+3 is not a question");
      expect(first(at.conversationId)).toBe("'@everyone hello");
      expect(first(plus.conversationId)).toBe("'+44 20 7946 0000");
      expect(first(t.conversationId)).toBe(quoted);
      expect(rows.every((r) => Object.keys(r).length === CSV_HEADER.length)).toBe(true);
    } finally {
      await db().conversation.deleteMany({ where: { workspaceId: ws, id: { in: [t, negative, at, plus].map((x) => x.conversationId) } } });
    }
  });

  it('JSON: the same conversations with their messages (role, text, time, sentiment, feedback), text kept as written', async () => {
    const out = await run({ format: 'json', filter: 'open' });
    expect(out.contentType).toBe('application/json; charset=utf-8');
    expect(out.filename).toMatch(/^conversations-open-\d{4}-\d\d-\d\d\.json$/);
    const doc = JSON.parse(await text(out.body)) as { filter: string; exportedAt: string; conversations: (Omit<ExportedConversation, 'messages'> & { messages: { role: string; text: string; at: string; sentiment: { label: string; score: number } | null; feedback: string | null }[] })[] };
    expect(doc.filter).toBe('open');
    expect(doc.conversations.map((c) => c.id)).toEqual((await listConversations(ws, { filter: 'open' })).conversations.map((c) => c.id));
    const formula = doc.conversations.find((c) => c.id === ids.formula)!;
    // JSON is data, not a spreadsheet: no apostrophes.
    expect(formula.messages.filter((m) => m.role === 'visitor').map((m) => m.text)).toEqual([FORMULA_TEXT, QUOTED_TEXT, '+1 555 0100 or @me']);
    expect(formula.messages[0]!.sentiment).toEqual({ label: 'neutral', score: 0.8 });
    const angry = doc.conversations.find((c) => c.id === ids.angry)!;
    expect(angry).toMatchObject({ needsPerson: true, thumbsDown: 1, lastSentiment: 'negative', lastSentimentScore: 0.7, messageCount: 4 });
    expect(angry.messages.map((m) => m.role)).toEqual(['visitor', 'bot', 'visitor', 'bot']);
    expect(angry.messages.map((m) => m.feedback)).toEqual([null, null, null, 'down']);
    expect(Number.isNaN(Date.parse(angry.messages[0]!.at))).toBe(false);
    expect(doc.conversations.some((c) => c.id === ids.resolved)).toBe(false);
  });

  it('streams exports longer than one page, every conversation once', async () => {
    const big = await buildOwner();
    const base = Date.now() - 3_600_000;
    await db().conversation.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({ workspaceId: big.workspace.id, id: `conv_bulk_${String(i).padStart(3, '0')}`, messageCount: 0, lastMessageAt: new Date(base + (i % 7) * 1000), preview: `question ${i}` })),
    });
    const rows = parse(await text((await run({ format: 'csv' }, big.user.id, big.workspace.id)).body), { bom: true, columns: true }) as CsvRow[];
    expect(rows).toHaveLength(230);
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(230);
    const json = JSON.parse(await text((await run({ format: 'json' }, big.user.id, big.workspace.id)).body)) as { conversations: { id: string; messages: unknown[] }[] };
    expect(json.conversations).toHaveLength(230);
    expect(json.conversations.every((c) => Array.isArray(c.messages) && c.messages.length === 0)).toBe(true);
  });

  it('refuses bad filters and formats naming the field, members (forbidden) and other workspaces (not found)', async () => {
    await expect(run({ format: 'csv', filter: 'everything' })).rejects.toMatchObject({ code: 'validation_failed', status: 400, details: [expect.objectContaining({ path: 'filter', message: expect.stringContaining('must be one of all, open, flagged') })] });
    await expect(run({ format: 'xlsx' })).rejects.toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'format' })] });
    await expect(run({})).rejects.toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'format' })] });
    await expect(run({ format: 'csv' }, memberId)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    // A member's bad query is still a role problem first: nothing about the data is answered.
    await expect(run({ format: 'csv', filter: 'nope' }, memberId)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(run({ format: 'csv' }, otherOwnerId)).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });

  it('writes each export to the audit log with its actor, format and filter', async () => {
    const before = await db().auditLog.count({ where: { workspaceId: ws, action: 'conversations.exported' } });
    await text((await run({ format: 'json', filter: 'negative' })).body);
    const entries = await db().auditLog.findMany({ where: { workspaceId: ws, action: 'conversations.exported' }, orderBy: { createdAt: 'desc' } });
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({ actorUserId: ownerId, targetType: 'workspace', metadata: { format: 'json', filter: 'negative' } });
    // Refused exports are not logged as exports.
    await run({ format: 'csv' }, memberId).catch(() => undefined);
    expect(await db().auditLog.count({ where: { workspaceId: ws, action: 'conversations.exported' } })).toBe(before + 1);
  });
});
