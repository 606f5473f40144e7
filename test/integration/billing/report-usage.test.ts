// Usage reporting to Stripe Billing Meters through the outbox, exactly once: the fake Stripe's
// totals (each identifier counted once, as Stripe does) must equal the ledger exactly after
// injected 500s, timeouts (before and after Stripe accepted), and a SIGKILL of the real worker
// process in the middle of a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '@/test/support/fake-stripe';
import { stripeTestEnv } from '@/test/support/billing';

let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe();
  Object.assign(process.env, stripeTestEnv(fake));
});
afterAll(() => fake?.close());

const load = async () => ({
  ...(await import('@/test/support/builders')),
  ...(await import('@/test/support/worker-process')),
  db: (await import('@/services/db/client')).db,
  recordUsage: (await import('@/services/metering/record-usage')).recordUsage,
  ensureStripeCustomer: (await import('@/services/billing/ensure-stripe-customer')).ensureStripeCustomer,
  reportUsage: (await import('@/services/billing/report-usage')).reportUsage,
  getUsageReconciliation: (await import('@/services/billing/get-usage-reconciliation')).getUsageReconciliation,
  enqueue: (await import('@/services/jobs/enqueue')).enqueue,
  reportUsageJob: (await import('@/services/billing/jobs')).reportUsageJob,
});
type M = Awaited<ReturnType<typeof load>>;

const METERS = ['events', 'recommendations', 'chat_messages', 'sentiment_texts', 'embedding_texts'] as const;
const HOUR = 3_600_000;

/** A workspace with a Stripe customer and usage spread over meters and hours. */
async function customerWithUsage(m: M, opts: { records?: number; seed?: number } = {}) {
  const owner = await m.buildOwner();
  const customerId = await m.ensureStripeCustomer({ workspaceId: owner.workspace.id });
  await addUsage(m, owner.workspace.id, opts.records ?? 20, opts.seed ?? 1);
  return { workspaceId: owner.workspace.id, customerId };
}

async function addUsage(m: M, workspaceId: string, records: number, seed: number) {
  const now = Date.now();
  await m.db().$transaction((tx) =>
    m.recordUsage(
      tx,
      Array.from({ length: records }, (_, i) => ({
        workspaceId,
        meter: METERS[(i * 7 + seed) % METERS.length]!,
        quantity: 1 + ((i * 37 + seed * 11) % 500),
        occurredAt: new Date(now - ((i * 13 + seed) % 6) * HOUR - i * 1000),
      })),
    ),
  );
}

/** Ledger sums per `${customer} cairn_${meter}`, the fake's key. */
async function ledgerTotals(m: M, workspaces: { workspaceId: string; customerId: string }[]) {
  const out = new Map<string, number>();
  for (const w of workspaces) {
    const rows = await m.db().usageRecord.groupBy({ by: ['meter'], where: { workspaceId: w.workspaceId }, _sum: { quantity: true } });
    for (const r of rows) out.set(`${w.customerId} cairn_${r.meter}`, r._sum.quantity ?? 0);
  }
  return out;
}

function fakeTotalsFor(customers: string[]) {
  return new Map([...fake.meterTotals()].filter(([k]) => customers.includes(k.split(' ')[0]!)));
}

const meterRequests = (identifier?: string) => fake.requests.filter((r) => r.path === '/v1/billing/meter_events' && (!identifier || r.body.identifier === identifier));

describe('reporting usage to Stripe', () => {
  it('reports the ledger once, grouped per workspace, meter and hour, with fixed identifiers; workspaces without a customer are not reported', async () => {
    const m = await load();
    const a = await customerWithUsage(m, { seed: 1 });
    const free = await m.buildOwner();
    await addUsage(m, free.workspace.id, 5, 2);

    const before = await m.getUsageReconciliation(a.workspaceId, { start: new Date(0), end: new Date(Date.now() + HOUR) });
    expect(before.rows.every((r) => r.unclaimed === r.ledger && r.reported === 0)).toBe(true);

    const result = await m.reportUsage({ workspaceIds: [a.workspaceId, free.workspace.id] });
    expect(result.failed).toBe(0);
    expect(fakeTotalsFor([a.customerId])).toEqual(await ledgerTotals(m, [a]));
    const reports = await m.db().usageReport.findMany({ where: { workspaceId: a.workspaceId } });
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.length).toBeLessThanOrEqual(METERS.length * 7); // at most one per meter and hour
    for (const r of reports) {
      expect(r.identifier).toBe(`cairn-${a.workspaceId}-${r.id}`);
      expect(r.sentAt).not.toBeNull();
      const req = meterRequests(r.identifier);
      expect(req).toHaveLength(1);
      expect(req[0]!.idempotencyKey).toBe(r.identifier);
      expect(req[0]!.body).toMatchObject({ event_name: `cairn_${r.meter}`, payload: { stripe_customer_id: a.customerId, value: String(r.quantity) }, timestamp: String(Math.floor(r.occurredAt.getTime() / 1000)) });
    }
    // Every record is claimed into exactly the report of its meter and hour.
    const records = await m.db().usageRecord.findMany({ where: { workspaceId: a.workspaceId } });
    const byReport = new Map(reports.map((r) => [r.id, r]));
    for (const rec of records) {
      const rep = byReport.get(rec.reportId!)!;
      expect(rep.meter).toBe(rec.meter);
      expect(Math.floor(rep.occurredAt.getTime() / HOUR)).toBe(Math.floor(rec.occurredAt.getTime() / HOUR));
    }
    expect(await m.db().usageRecord.count({ where: { workspaceId: free.workspace.id, reportId: { not: null } } })).toBe(0);

    const after = await m.getUsageReconciliation(a.workspaceId, { start: new Date(0), end: new Date(Date.now() + HOUR) });
    expect(after.rows.every((r) => r.reported === r.ledger && r.pending === 0 && r.unclaimed === 0)).toBe(true);
    expect(after.lastSentAt).not.toBeNull();

    // A second run has nothing to send; new usage goes out in new reports.
    const sentBefore = meterRequests().length;
    const again = await m.reportUsage({ workspaceIds: [a.workspaceId] });
    expect(again.claimedRecords).toBe(0);
    await addUsage(m, a.workspaceId, 3, 9);
    await m.reportUsage({ workspaceIds: [a.workspaceId] });
    expect(fakeTotalsFor([a.customerId])).toEqual(await ledgerTotals(m, [a]));
    expect(meterRequests().length).toBeGreaterThan(sentBefore);
  });

  it('survives 500s: failed reports stay pending (shown by the reconciliation) and go out on the next run, never twice', async () => {
    const m = await load();
    const a = await customerWithUsage(m, { seed: 3 });
    fake.fail({ path: '/v1/billing/meter_events', mode: 'error500', count: 6 });
    const first = await m.reportUsage({ concurrency: 1, workspaceIds: [a.workspaceId] });
    expect(first.failed).toBeGreaterThan(0);
    const mid = await m.getUsageReconciliation(a.workspaceId, { start: new Date(0), end: new Date(Date.now() + HOUR) });
    expect(mid.rows.reduce((s, r) => s + r.pending, 0)).toBeGreaterThan(0);
    expect(mid.oldestPending?.lastError).toMatch(/injected/);
    expect(fakeTotalsFor([a.customerId])).not.toEqual(await ledgerTotals(m, [a]));
    fake.clearFailures();
    await m.reportUsage({ workspaceIds: [a.workspaceId] });
    expect(fakeTotalsFor([a.customerId])).toEqual(await ledgerTotals(m, [a]));
    expect(await m.db().usageReport.count({ where: { workspaceId: a.workspaceId, sentAt: null } })).toBe(0);
  });

  it('survives timeouts before and after Stripe accepted: the resend carries the same identifier and counts once', { timeout: 60_000 }, async () => {
    const m = await load();
    const a = await customerWithUsage(m, { seed: 5 });
    fake.fail({ path: '/v1/billing/meter_events', mode: 'hangAfterAccept', count: 3 });
    fake.fail({ path: '/v1/billing/meter_events', mode: 'hang', count: 2 });
    await m.reportUsage({ concurrency: 2, workspaceIds: [a.workspaceId] });
    fake.clearFailures();
    await m.reportUsage({ workspaceIds: [a.workspaceId] });
    expect(fakeTotalsFor([a.customerId])).toEqual(await ledgerTotals(m, [a]));
    // Some identifier really was sent more than once...
    const reports = await m.db().usageReport.findMany({ where: { workspaceId: a.workspaceId } });
    const resent = reports.filter((r) => meterRequests(r.identifier).length > 1);
    expect(resent.length).toBeGreaterThan(0);
    // ...and was kept once (replayed by its Idempotency-Key or dropped by its identifier): the totals above.
  });

  it('a worker SIGKILLed mid-run and restarted leaves Stripe holding exactly the ledger', { timeout: 180_000 }, async () => {
    const m = await load();
    const workspaces: { workspaceId: string; customerId: string }[] = [];
    for (let i = 0; i < 3; i++) workspaces.push(await customerWithUsage(m, { records: 60, seed: 20 + i }));
    const customers = workspaces.map((w) => w.customerId);
    const pendingReports = () => m.db().usageReport.count({ where: { workspaceId: { in: workspaces.map((w) => w.workspaceId) }, sentAt: null } });
    const unclaimed = () => m.db().usageRecord.count({ where: { workspaceId: { in: workspaces.map((w) => w.workspaceId) }, reportId: null } });
    // Scoped to this test's workspaces: other test files share the database (with customers at their own fakes).
    const runJob = () => m.db().$transaction((tx) => m.enqueue(tx, m.reportUsageJob, { workspaceIds: workspaces.map((w) => w.workspaceId) }));
    const waitFor = async (cond: () => Promise<boolean> | boolean, ms: number, what: string) => {
      const until = Date.now() + ms;
      while (!(await cond())) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };

    const databaseUrl = process.env.DATABASE_URL!;
    // Slow answers, and two events accepted whose answers never come: the kill finds requests in flight.
    fake.setLatency(60);
    fake.fail({
      path: '/v1/billing/meter_events',
      mode: 'hangAfterAccept',
      count: 2,
      match: (body) => customers.includes((body.payload as { stripe_customer_id?: string } | undefined)?.stripe_customer_id ?? ''),
    });
    let worker = await m.startWorkerProcess({ databaseUrl, env: { STRIPE_TIMEOUT_MS: '20000' } });
    await runJob();
    const ours = () => meterRequests().filter((r) => customers.includes((r.body.payload as { stripe_customer_id: string }).stripe_customer_id)).length;
    await waitFor(() => ours() >= 12, 60_000, 'the worker to be reporting');
    await worker.kill();
    const acceptedAtKill = [...fake.meterEvents.values()].filter((e) => customers.includes((e.payload as { stripe_customer_id: string }).stripe_customer_id)).length;
    const markedAtKill = await m.db().usageReport.count({ where: { workspaceId: { in: workspaces.map((w) => w.workspaceId) }, sentAt: { not: null } } });
    // The crash window was hit: Stripe accepted events the outbox does not know were sent.
    expect(acceptedAtKill).toBeGreaterThan(markedAtKill);
    expect(await pendingReports()).toBeGreaterThan(0);

    // Usage keeps coming while the worker is down.
    for (const w of workspaces) await addUsage(m, w.workspaceId, 10, 40);
    fake.clearFailures();
    fake.setLatency(0);
    worker = await m.startWorkerProcess({ databaseUrl });
    try {
      await runJob();
      await waitFor(async () => (await pendingReports()) === 0 && (await unclaimed()) === 0, 90_000, 'every report to be sent');
    } finally {
      await worker.stop();
    }
    expect(fakeTotalsFor(customers)).toEqual(await ledgerTotals(m, workspaces));
    const identifiers = (await m.db().usageReport.findMany({ where: { workspaceId: { in: workspaces.map((w) => w.workspaceId) } }, select: { identifier: true } })).map((r) => r.identifier);
    expect(identifiers.some((id) => meterRequests(id).length > 1)).toBe(true); // resent after the restart, kept once
    for (const w of workspaces) {
      const rec = await m.getUsageReconciliation(w.workspaceId, { start: new Date(0), end: new Date(Date.now() + HOUR) });
      expect(rec.rows.every((r) => r.reported === r.ledger)).toBe(true);
    }
  });

  it('without Stripe keys nothing is claimed: usage stays in the ledger, metered and unclaimed', async () => {
    const m = await load();
    const { parseStripeSettings } = await import('@/services/billing/stripe-config');
    const unconfigured = parseStripeSettings({ STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, STRIPE_PRICES_PRO: undefined, STRIPE_PRICES_SCALE: undefined, STRIPE_METER_EVENT_PREFIX: 'cairn_' });
    const a = await customerWithUsage(m, { seed: 7 });
    const requests = fake.requests.length;
    expect(await m.reportUsage({ workspaceIds: [a.workspaceId] }, unconfigured)).toMatchObject({ skipped: 'stripe not configured', claimedRecords: 0, sent: 0 });
    expect(fake.requests.length).toBe(requests);
    expect(await m.db().usageRecord.count({ where: { workspaceId: a.workspaceId, reportId: null } })).toBe(20);
  });
});
