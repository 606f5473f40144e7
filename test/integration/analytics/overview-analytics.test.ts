import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@/test/support/api-server';
import { buildKey, buildOwner } from '@/test/support/builders';
import { json, putItems, tenant, type Api } from '@/test/support/catalog';
import { chatTurn, sentiment } from '@/test/support/conversations';
import { db } from '@/services/db/client';
import { recordUsage } from '@/services/metering/record-usage';
import { PLANS } from '@/services/billing/plans';
import { parseRange, rangeBounds } from '@/services/analytics/date-range';
import { getOnboarding } from '@/services/analytics/get-onboarding';
import { getQuotaUsage } from '@/services/analytics/get-quota-usage';
import { getRecommendationTrends } from '@/services/analytics/get-recommendation-trends';
import { chatAnalytics } from '@/services/chat/chat-analytics';
import { AppError } from '@/services/errors/app-error';

const SHOP = 'https://shop.example';
const DAY = 86_400_000;
let api: Api;
beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

const send = async (key: string, events: unknown[]) => {
  const res = await api.request('/v1/events', { ...json('POST', { events }), key });
  const body = await res.json();
  expect(body.rejected).toEqual([]);
  return body;
};
const done = async (ws: string) => Object.fromEntries((await getOnboarding(ws)).steps.map((s) => [s.id, s.done]));

describe('onboarding checklist (services/analytics/get-onboarding)', () => {
  it('ticks each step from real data, through the real api', async () => {
    const owner = await buildOwner();
    const ws = owner.workspace.id;
    expect(await done(ws)).toEqual({ key: false, event: false, catalog: false, recommendation: false, widget: false, conversation: false });

    const { key } = await buildKey(owner);
    expect((await done(ws)).key).toBe(true);

    await send(key, [{ id: 'e1', type: 'view', userId: 'u1', itemId: 'sku-1' }]);
    expect(await done(ws)).toMatchObject({ event: true, catalog: false });

    expect((await putItems(api, key, [{ id: 'sku-1', title: 'Tent' }, { id: 'sku-2', title: 'Stove' }])).status).toBe(200);
    expect((await done(ws)).catalog).toBe(true);

    const recs = await api.request('/v1/recommendations?userId=u1&limit=2', { key });
    expect(recs.status).toBe(200);
    expect((await done(ws)).recommendation).toBe(true);

    // The widget's config from a disallowed origin is refused and ticks nothing; from the allowed one it does.
    const { key: pk } = await buildKey(owner, { type: 'publishable', allowedOrigins: [SHOP] });
    const refused = await api.request('/v1/widget/config', { key: pk, headers: { Origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    const secretCall = await api.request('/v1/widget/config', { key }); // a server's call is not the widget
    expect(secretCall.status).toBe(200);
    expect((await done(ws)).widget).toBe(false);
    const ok = await api.request('/v1/widget/config', { key: pk, headers: { Origin: SHOP } });
    expect(ok.status).toBe(200);
    expect((await done(ws)).widget).toBe(true);
    expect(await db().widgetSighting.findUnique({ where: { workspaceId: ws } })).toMatchObject({ origin: SHOP });

    await chatTurn(ws, 'Hello?');
    const all = await getOnboarding(ws);
    expect(all.done).toBe(6);
    // Another workspace sees none of it.
    expect((await getOnboarding((await buildOwner()).workspace.id)).done).toBe(0);
  });
});

describe('trends', () => {
  it('recommendations: served, CTR, conversion and revenue carried by recommId, per day and range; tenant-scoped', async () => {
    const a = await tenant();
    const b = await tenant();
    const today = new Date(Math.floor(Date.now() / DAY) * DAY);
    const old = new Date(today.getTime() - 40 * DAY);
    await db().recServeStat.createMany({
      data: [
        { workspaceId: a.workspaceId, day: today, version: 0, endpoint: 'user', requests: 8, items: 40 },
        { workspaceId: a.workspaceId, day: today, version: 1, endpoint: 'similar', requests: 2, items: 10 },
        { workspaceId: a.workspaceId, day: old, version: 0, endpoint: 'user', requests: 10, items: 50 },
        { workspaceId: b.workspaceId, day: today, version: 0, endpoint: 'user', requests: 1000, items: 5000 },
      ],
    });
    const now = Date.now();
    await send(a.key, [
      { id: 'c1', type: 'click', userId: 'u1', itemId: 'i1', recommId: 'rec_0_u_a' },
      { id: 'c2', type: 'click', userId: 'u2', itemId: 'i2', recommId: 'rec_0_u_b' },
      { id: 'c3', type: 'click', userId: 'u2', itemId: 'i3' }, // not from a recommendation
      { id: 'p1', type: 'purchase', userId: 'u1', itemId: 'i1', value: 30.5, recommId: 'rec_0_u_a' },
      { id: 'p2', type: 'purchase', userId: 'u3', itemId: 'i9', value: 99 }, // not attributed
      { id: 'v1', type: 'view', userId: 'u1', itemId: 'i1', recommId: 'rec_0_u_a' }, // views are not clicks
      { id: 'old-c', type: 'click', userId: 'u1', itemId: 'i1', recommId: 'rec_0_u_z', timestamp: now - 40 * DAY },
      { id: 'old-p', type: 'purchase', userId: 'u1', itemId: 'i1', value: 12, recommId: 'rec_0_u_z', timestamp: now - 40 * DAY },
    ]);
    await send(b.key, [{ id: 'bp', type: 'purchase', userId: 'u1', itemId: 'i1', value: 1000, recommId: 'rec_0_u_q' }]);

    const t30 = await getRecommendationTrends(a.workspaceId, 30);
    expect(t30.days).toHaveLength(30);
    expect(t30.days.at(-1)).toEqual({ day: today.toISOString().slice(0, 10), requests: 10, items: 50, clicks: 2, purchases: 1, revenue: 30.5 });
    expect(t30.totals).toEqual({ requests: 10, items: 50, clicks: 2, purchases: 1, revenue: 30.5 });
    expect(t30.ctr).toBeCloseTo(0.2);
    expect(t30.conversion).toBeCloseTo(0.1);

    const t90 = await getRecommendationTrends(a.workspaceId, 90);
    expect(t90.days).toHaveLength(90);
    expect(t90.totals).toEqual({ requests: 20, items: 100, clicks: 3, purchases: 2, revenue: 42.5 });
    expect(t90.days.find((d) => d.day === old.toISOString().slice(0, 10))).toMatchObject({ requests: 10, clicks: 1, purchases: 1, revenue: 12 });

    const t7 = await getRecommendationTrends(a.workspaceId, 7);
    expect(t7.days).toHaveLength(7);
    expect(t7.totals.requests).toBe(10);

    const empty = await getRecommendationTrends((await buildOwner()).workspace.id, 7);
    expect(empty).toMatchObject({ ctr: null, conversion: null, totals: { requests: 0, revenue: 0 } });
  });

  it('conversations, answer rate and sentiment over the range', async () => {
    const { workspaceId } = await tenant();
    await chatTurn(workspaceId, 'Where is my order?', { intent: 'answer', sentiment: sentiment('neutral', 0.1) });
    await chatTurn(workspaceId, 'This is awful', { intent: 'unknown', sentiment: sentiment('negative', 0.9) });
    const c = await chatAnalytics(workspaceId, 7);
    expect(c.conversationsPerDay).toHaveLength(7);
    expect(c.conversations).toBe(2);
    expect(c.answerRate).toBeCloseTo(0.5);
    expect(c.sentimentTrend.reduce((s, d) => s + d.negative, 0)).toBe(1);
  });

  it('usage against quota: one cumulative series per meter, never added across meters', async () => {
    const { workspaceId } = await tenant();
    const period = { start: new Date(Date.UTC(2026, 10, 1)), end: new Date(Date.UTC(2026, 11, 1)) };
    await db().$transaction((tx) =>
      recordUsage(tx, [
        { workspaceId, meter: 'events', quantity: 100, occurredAt: new Date(Date.UTC(2026, 10, 2, 10)) },
        { workspaceId, meter: 'events', quantity: 50, occurredAt: new Date(Date.UTC(2026, 10, 5, 23)) },
        { workspaceId, meter: 'chat_messages', quantity: 3, occurredAt: new Date(Date.UTC(2026, 10, 5, 1)) },
        { workspaceId, meter: 'events', quantity: 7, occurredAt: new Date(Date.UTC(2026, 11, 1)) }, // next period
      ]),
    );
    const usage = await getQuotaUsage(workspaceId, 'free', period);
    const events = usage.find((u) => u.meter === 'events')!;
    expect(events.cumulative).toHaveLength(30);
    expect(events.cumulative.slice(0, 6).map((d) => d.value)).toEqual([0, 100, 100, 100, 150, 150]);
    expect(events).toMatchObject({ used: 150, quota: PLANS.free.included.events });
    expect(usage.find((u) => u.meter === 'chat_messages')).toMatchObject({ used: 3, quota: PLANS.free.included.chat_messages });
    expect(usage.find((u) => u.meter === 'recommendations')!.used).toBe(0);
    expect((await getQuotaUsage(workspaceId, 'pro', period))[0]!.quota).toBe(PLANS.pro.included.events);
    // Mid-period: days still to come carry no bar; used is what was used so far.
    const mid = (await getQuotaUsage(workspaceId, 'free', period, new Date(Date.UTC(2026, 10, 3, 12)))).find((u) => u.meter === 'events')!;
    expect(mid.cumulative.slice(0, 6).map((d) => d.value)).toEqual([0, 100, 100, 0, 0, 0]);
    expect(mid.used).toBe(100);
    // A subscription's period starting mid-day: whole UTC days, the usage of the first one counted.
    const sub = { start: new Date(Date.UTC(2026, 10, 2, 9)), end: new Date(Date.UTC(2026, 11, 2, 9)) };
    const subEvents = (await getQuotaUsage(workspaceId, 'free', sub)).find((u) => u.meter === 'events')!;
    expect(subEvents.cumulative[0]).toEqual({ day: '2026-11-02', value: 100 });
    expect(subEvents.cumulative.at(-1)!.day).toBe('2026-12-02');
  });

  it('range: 7, 30 or 90; anything else names the field', () => {
    expect(parseRange(undefined)).toBe(30);
    expect(parseRange('7')).toBe(7);
    expect(parseRange(['90', '7'])).toBe(90);
    for (const bad of ['14', 'abc', '-7', '30.0']) {
      try {
        parseRange(bad);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).details).toEqual([{ path: 'range', message: 'must be 7, 30 or 90 (days)' }]);
      }
    }
    const { start, end } = rangeBounds(7, new Date('2026-12-01T15:00:00Z'));
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-11-25T00:00:00.000Z', '2026-12-02T00:00:00.000Z']);
  });
});
