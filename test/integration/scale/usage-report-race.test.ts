// Usage reported to Stripe exactly once with two workers racing (issue 17): two real worker
// processes each take a report-usage run at the same time; the fake Stripe ends holding exactly the
// ledger, and no report is even sent twice (runs are exclusive across workers: services/jobs/exclusive.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '@/test/support/fake-stripe';
import { stripeTestEnv } from '@/test/support/billing';

let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe();
  Object.assign(process.env, stripeTestEnv(fake));
});
afterAll(() => fake?.close());

const METERS = ['events', 'recommendations', 'chat_messages', 'sentiment_texts', 'embedding_texts'] as const;

describe('usage reporting with two workers', () => {
  it('sends every report once and Stripe holds exactly the ledger', { timeout: 180_000 }, async () => {
    const { buildOwner } = await import('@/test/support/builders');
    const { startWorkerProcess } = await import('@/test/support/worker-process');
    const { db } = await import('@/services/db/client');
    const { recordUsage } = await import('@/services/metering/record-usage');
    const { ensureStripeCustomer } = await import('@/services/billing/ensure-stripe-customer');
    const { enqueue } = await import('@/services/jobs/enqueue');
    const { reportUsageJob } = await import('@/services/billing/jobs');

    const workspaces: { workspaceId: string; customerId: string }[] = [];
    for (let w = 0; w < 3; w++) {
      const owner = await buildOwner();
      const customerId = await ensureStripeCustomer({ workspaceId: owner.workspace.id });
      const now = Date.now();
      await db().$transaction((tx) =>
        recordUsage(
          tx,
          Array.from({ length: 40 }, (_, i) => ({
            workspaceId: owner.workspace.id,
            meter: METERS[(i + w) % METERS.length]!,
            quantity: 1 + ((i * 37 + w) % 300),
            occurredAt: new Date(now - (i % 5) * 3_600_000 - i * 1000),
          })),
        ),
      );
      workspaces.push({ workspaceId: owner.workspace.id, customerId });
    }
    const ids = workspaces.map((w) => w.workspaceId);
    const customers = workspaces.map((w) => w.customerId);

    fake.setLatency(40); // runs long enough to overlap
    const workers = await Promise.all([0, 1].map(() => startWorkerProcess({ databaseUrl: process.env.DATABASE_URL! })));
    try {
      // Two runs at once (a scheduled run and an operator's, say): one per worker.
      await db().$transaction(async (tx) => {
        await enqueue(tx, reportUsageJob, { workspaceIds: ids });
        await enqueue(tx, reportUsageJob, { workspaceIds: ids });
      });
      const deadline = Date.now() + 120_000;
      const done = async () =>
        (await db().usageReport.count({ where: { workspaceId: { in: ids }, sentAt: null } })) === 0 &&
        (await db().usageRecord.count({ where: { workspaceId: { in: ids }, reportId: null } })) === 0 &&
        (await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'report-usage' AND state IN ('created', 'active', 'retry') AND data->'workspaceIds' ? ${ids[0]!}`)[0]!.n === 0;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error('reports not sent within 120 s');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      fake.setLatency(0);
      await Promise.all(workers.map((w) => w.stop()));
    }

    // Stripe holds the ledger, per customer and meter...
    const ledger = new Map<string, number>();
    for (const w of workspaces) {
      for (const r of await db().usageRecord.groupBy({ by: ['meter'], where: { workspaceId: w.workspaceId }, _sum: { quantity: true } })) {
        ledger.set(`${w.customerId} cairn_${r.meter}`, r._sum.quantity ?? 0);
      }
    }
    const stripeTotals = new Map([...fake.meterTotals()].filter(([k]) => customers.includes(k.split(' ')[0]!)));
    expect(stripeTotals).toEqual(ledger);
    // ...and no report was sent twice: the second run found nothing left to send.
    const sent = fake.requests.filter((r) => r.path === '/v1/billing/meter_events' && customers.includes((r.body.payload as { stripe_customer_id: string }).stripe_customer_id));
    const identifiers = sent.map((r) => r.body.identifier as string);
    const reports = await db().usageReport.count({ where: { workspaceId: { in: ids } } });
    expect(identifiers.length).toBe(reports);
    expect(new Set(identifiers).size).toBe(reports);
  });
});
