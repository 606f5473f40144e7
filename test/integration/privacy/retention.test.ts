// Retention (issue 13, finding 8): per-workspace windows for events and conversations, applied by
// the nightly apply-retention job in bounded batches, only where set and only beyond the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startApiServer } from '@/test/support/api-server';
import { buildKey } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { json, tenant, type Api } from '@/test/support/catalog';
import { acceptMessage } from '@/services/chat/accept-message';
import { applyRetention } from '@/services/privacy/apply-retention';
import { applyRetentionHandler } from '@/services/worker/jobs/apply-retention';

let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

/** Events at the given ages (days), and conversations whose last message is that old. */
async function seed(t: { workspaceId: string; key: string }, ages: number[]) {
  const events = ages.map((age, i) => ({ id: `e${i}`, type: 'view', userId: 'u', itemId: 'i', timestamp: daysAgo(age).toISOString() }));
  expect((await (await api.request('/v1/events', { ...json('POST', { events }), key: t.key })).json()).accepted).toBe(ages.length);
  for (const age of ages) {
    const { conversationId } = await acceptMessage(t.workspaceId, { text: `asked ${age} days ago`, userVerified: false });
    await db().conversation.update({ where: { workspaceId_id: { workspaceId: t.workspaceId, id: conversationId } }, data: { lastMessageAt: daysAgo(age), createdAt: daysAgo(age) } });
  }
}

const counts = async (workspaceId: string) => ({
  events: await db().event.count({ where: { workspaceId } }),
  conversations: await db().conversation.count({ where: { workspaceId } }),
  messages: await db().chatMessage.count({ where: { workspaceId } }),
});

describe('retention settings and the nightly job', () => {
  it('GET and PATCH /v1/privacy: defaults, partial updates, validation, audit, secret keys only', async () => {
    const t = await tenant();
    const get = async () => (await api.request('/v1/privacy', { key: t.key })).json();
    expect(await get()).toEqual({ eventRetentionDays: null, conversationRetentionDays: null, redactPii: true });
    const res = await api.request('/v1/privacy', { ...json('PATCH', { eventRetentionDays: 30 }), key: t.key });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ eventRetentionDays: 30, conversationRetentionDays: null, redactPii: true });
    await api.request('/v1/privacy', { ...json('PATCH', { conversationRetentionDays: 90, redactPii: false }), key: t.key });
    expect(await get()).toEqual({ eventRetentionDays: 30, conversationRetentionDays: 90, redactPii: false });
    await api.request('/v1/privacy', { ...json('PATCH', { eventRetentionDays: null }), key: t.key });
    expect((await get()).eventRetentionDays).toBeNull();

    const bad = await api.request('/v1/privacy', { ...json('PATCH', { eventRetentionDays: 0, other: 1 }), key: t.key });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBeDefined();
    expect(await db().auditLog.count({ where: { workspaceId: t.workspaceId, action: 'privacy_settings.updated' } })).toBe(3);

    const publishable = (await buildKey(t.owner, { type: 'publishable', allowedOrigins: ['https://shop.example'] })).key;
    expect((await api.request('/v1/privacy', { ...json('PATCH', { redactPii: false }), key: publishable })).status).toBe(403);
  });

  it('deletes old events and conversations only in the workspace with the setting, only beyond the window, in batches', async () => {
    const keepAll = await tenant();
    const eventsOnly = await tenant();
    const both = await tenant();
    const ages = [1, 10, 29, 31, 45, 400];
    for (const t of [keepAll, eventsOnly, both]) await seed(t, ages);
    await api.request('/v1/privacy', { ...json('PATCH', { eventRetentionDays: 30 }), key: eventsOnly.key });
    await api.request('/v1/privacy', { ...json('PATCH', { eventRetentionDays: 30, conversationRetentionDays: 7 }), key: both.key });

    // Batches of 2 rows: several statements per workspace, each bounded.
    const results = await applyRetention({ eventBatch: 2, conversationBatch: 2 });
    const of = (w: string) => results.find((r) => r.workspaceId === w);
    expect(of(keepAll.workspaceId)).toBeUndefined();
    expect(of(eventsOnly.workspaceId)).toEqual({ workspaceId: eventsOnly.workspaceId, events: 3, conversations: 0 });
    expect(of(both.workspaceId)).toEqual({ workspaceId: both.workspaceId, events: 3, conversations: 5 });

    expect(await counts(keepAll.workspaceId)).toEqual({ events: 6, conversations: 6, messages: 6 });
    expect(await counts(eventsOnly.workspaceId)).toEqual({ events: 3, conversations: 6, messages: 6 });
    expect(await counts(both.workspaceId)).toEqual({ events: 3, conversations: 1, messages: 1 });
    const left = await db().event.findMany({ where: { workspaceId: both.workspaceId }, select: { id: true }, orderBy: { id: 'asc' } });
    expect(left.map((e) => e.id)).toEqual(['e0', 'e1', 'e2']);
    const audit = await db().auditLog.findFirstOrThrow({ where: { workspaceId: both.workspaceId, action: 'retention.applied' } });
    expect(audit.metadata).toMatchObject({ events: 3, conversations: 5 });

    // The nightly job (registered with a cron) runs the same; a second run finds nothing more.
    expect(applyRetentionHandler.cron).toBeTruthy();
    await applyRetentionHandler.handler({}, { jobId: 'test', log: pino({ level: 'silent' }) });
    expect(await counts(both.workspaceId)).toEqual({ events: 3, conversations: 1, messages: 1 });
    expect(await counts(keepAll.workspaceId)).toEqual({ events: 6, conversations: 6, messages: 6 });
  });
});
