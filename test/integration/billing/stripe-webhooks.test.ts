// Checkout and Stripe webhooks against the local fake Stripe: the checkout flow, signatures
// (valid, tampered, wrong secret, too old, replayed), the allowlist, processing once, state
// re-read from Stripe, subscription changes reaching quotas at once, and tenants kept apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '@/test/support/fake-stripe';
import { deliver, stripeTestEnv, TEST_PRICES } from '@/test/support/billing';

let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe({ priceAmounts: { [TEST_PRICES.pro.base]: 4900, [TEST_PRICES.scale.base]: 49900 } });
  Object.assign(process.env, stripeTestEnv(fake), { QUOTA_CACHE_TTL_MS: '10000' });
});
afterAll(() => fake?.close());

// Imported lazily: configuration is read once, after the fake's address is known.
const load = async () => ({
  ...(await import('@/test/support/builders')),
  ...(await import('@/test/support/api-server')),
  ...(await import('@/test/support/api-process')),
  db: (await import('@/services/db/client')).db,
  recordUsage: (await import('@/services/metering/record-usage')).recordUsage,
  createCheckoutSession: (await import('@/services/billing/create-checkout-session')).createCheckoutSession,
  createPortalSession: (await import('@/services/billing/create-portal-session')).createPortalSession,
  ensureStripeCustomer: (await import('@/services/billing/ensure-stripe-customer')).ensureStripeCustomer,
  PLANS: (await import('@/services/billing/plans')).PLANS,
});

async function checkout(m: Awaited<ReturnType<typeof load>>, plan: 'pro' | 'scale' = 'pro') {
  const owner = await m.buildOwner();
  const { url } = await m.createCheckoutSession({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, plan });
  const sessionId = url.split('/').at(-1)!;
  return { owner, workspaceId: owner.workspace.id, sessionId, url };
}

async function subscribe(m: Awaited<ReturnType<typeof load>>, plan: 'pro' | 'scale' = 'pro') {
  const c = await checkout(m, plan);
  const done = fake.completeCheckout(c.sessionId);
  for (const e of done.events) expect((await deliver(fake, e)).status).toBe(200);
  return { ...c, subscriptionId: done.subscription.id, customerId: done.subscription.customer as string };
}

const retrievals = (subscriptionId: string) => fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/subscriptions/${subscriptionId}`).length;

describe('checkout', () => {
  it('creates one customer per workspace and a subscription-mode session with the plan prices', async () => {
    const m = await load();
    const c = await checkout(m);
    expect(c.url).toBe(`${fake.url}/checkout/${c.sessionId}`);
    const customerCalls = fake.requests.filter((r) => r.path === '/v1/customers' && r.body.metadata && (r.body.metadata as { workspaceId: string }).workspaceId === c.workspaceId);
    expect(customerCalls).toHaveLength(1);
    expect(customerCalls[0]!.idempotencyKey).toBe(`cairn-customer-${c.workspaceId}`);
    expect(customerCalls[0]!.body.email).toBe(c.owner.email);
    const sessionCall = fake.requests.find((r) => r.path === '/v1/checkout/sessions' && r.body.client_reference_id === c.workspaceId)!;
    expect(sessionCall.body).toMatchObject({
      mode: 'subscription',
      client_reference_id: c.workspaceId,
      line_items: [{ price: 'price_pro_base', quantity: '1' }, { price: 'price_pro_events' }, { price: 'price_pro_embeddings' }],
      metadata: { workspaceId: c.workspaceId, plan: 'pro' },
      subscription_data: { metadata: { workspaceId: c.workspaceId, plan: 'pro' } },
    });
    expect(sessionCall.body.success_url).toContain(`/dashboard/${c.workspaceId}/billing?checkout=success`);
    // Nothing changes until Stripe confirms.
    expect((await m.db().workspace.findUniqueOrThrow({ where: { id: c.workspaceId } })).plan).toBe('free');
    // A second checkout reuses the customer.
    await m.createCheckoutSession({ workspaceId: c.workspaceId, actorUserId: c.owner.user.id, plan: 'scale' });
    expect(fake.requests.filter((r) => r.path === '/v1/customers' && (r.body.metadata as { workspaceId?: string } | undefined)?.workspaceId === c.workspaceId)).toHaveLength(1);
    const accounts = await m.db().billingAccount.findMany({ where: { workspaceId: c.workspaceId } });
    expect(accounts).toHaveLength(1);
  });

  it('completing checkout (webhooks) puts the workspace on the plan, with status and period; audited', async () => {
    const m = await load();
    const s = await subscribe(m);
    const ws = await m.db().workspace.findUniqueOrThrow({ where: { id: s.workspaceId }, include: { billingAccount: true } });
    expect(ws.plan).toBe('pro');
    expect(ws.billingAccount).toMatchObject({ stripeCustomerId: s.customerId, stripeSubscriptionId: s.subscriptionId, subscriptionStatus: 'active', cancelAtPeriodEnd: false });
    expect(ws.billingAccount!.currentPeriodEnd!.getTime()).toBeGreaterThan(Date.now());
    const audit = await m.db().auditLog.findMany({ where: { workspaceId: s.workspaceId, action: 'billing.plan_changed' } });
    expect(audit).toHaveLength(1); // three events, one change
    expect(audit[0]!.metadata).toMatchObject({ from: 'free', to: 'pro', status: 'active' });
    // Subscribed: a second checkout is refused; the portal opens instead.
    await expect(m.createCheckoutSession({ workspaceId: s.workspaceId, actorUserId: s.owner.user.id, plan: 'scale' })).rejects.toThrow(/already has a subscription/);
    const portal = await m.createPortalSession({ workspaceId: s.workspaceId, actorUserId: s.owner.user.id });
    expect(portal.url).toMatch(new RegExp(`^${fake.url}/portal/bps_`));
    expect(fake.requests.at(-1)!.body).toMatchObject({ customer: s.customerId });
  });

  it('the success page applies a completed session before its webhook arrives, only for its own workspace', async () => {
    const m = await load();
    const { applyCheckoutSession } = await import('@/services/billing/apply-checkout-session');
    const c = await checkout(m);
    const other = await checkout(m);
    expect(await applyCheckoutSession({ sessionId: c.sessionId, workspaceId: c.workspaceId })).toMatchObject({ outcome: 'no subscription' }); // not paid yet
    fake.completeCheckout(c.sessionId); // no webhook delivered
    expect(await applyCheckoutSession({ sessionId: c.sessionId, workspaceId: other.workspaceId })).toMatchObject({ outcome: 'workspace mismatch' });
    expect((await m.db().workspace.findUniqueOrThrow({ where: { id: other.workspaceId } })).plan).toBe('free');
    expect(await applyCheckoutSession({ sessionId: c.sessionId, workspaceId: c.workspaceId })).toMatchObject({ workspaceId: c.workspaceId, outcome: 'plan pro' });
    expect((await m.db().workspace.findUniqueOrThrow({ where: { id: c.workspaceId } })).plan).toBe('pro');
  });

  it('members cannot start checkout or open the portal; bad plans are 400', async () => {
    const m = await load();
    const owner = await m.buildOwner();
    const other = await m.buildOwner();
    await expect(m.createCheckoutSession({ workspaceId: owner.workspace.id, actorUserId: other.user.id, plan: 'pro' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(m.createPortalSession({ workspaceId: owner.workspace.id, actorUserId: other.user.id })).rejects.toMatchObject({ code: 'not_found' });
    await m.db().membership.create({ data: { workspaceId: owner.workspace.id, userId: other.user.id, role: 'member' } });
    await expect(m.createCheckoutSession({ workspaceId: owner.workspace.id, actorUserId: other.user.id, plan: 'pro' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(m.createCheckoutSession({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, plan: 'free' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(m.createPortalSession({ workspaceId: owner.workspace.id, actorUserId: owner.user.id })).rejects.toThrow(/no Stripe customer yet/);
  });
});

describe('webhook signatures', () => {
  async function anEvent(m: Awaited<ReturnType<typeof load>>) {
    const c = await checkout(m);
    const done = fake.completeCheckout(c.sessionId);
    return { ...c, event: done.events.find((e) => e.type === 'customer.subscription.created')!, subscriptionId: done.subscription.id };
  }

  it('refuses a tampered body, a wrong secret, a missing header and a signature older than 5 minutes; stores nothing', async () => {
    const m = await load();
    const c = await anEvent(m);
    const tampered = await deliver(fake, c.event, { tamper: (p) => p.replace('"active"', '"trialing"') });
    expect(tampered.status).toBe(400);
    expect(JSON.stringify(tampered.body)).toMatch(/signature/i);
    const wrong = await deliver(fake, c.event, { secret: 'whsec_not_the_right_one' });
    expect(wrong.status).toBe(400);
    const old = await deliver(fake, c.event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(old.status).toBe(400);
    expect(JSON.stringify(old.body)).toMatch(/tolerance/i);
    const { handleStripeWebhook } = await import('@/services/billing/handle-stripe-webhook');
    const missing = await handleStripeWebhook(JSON.stringify(c.event), null);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'bad_request' } });
    expect(await m.db().stripeEvent.count({ where: { id: c.event.id } })).toBe(0);
    expect((await m.db().workspace.findUniqueOrThrow({ where: { id: c.workspaceId } })).plan).toBe('free');
    expect(retrievals(c.subscriptionId)).toBe(0);

    const valid = await deliver(fake, c.event);
    expect(valid).toMatchObject({ status: 200, body: { received: true, id: c.event.id, outcome: 'plan pro (active)' } });
  });

  it('processes an event once: a replay (even freshly signed) is acknowledged without work', async () => {
    const m = await load();
    const c = await anEvent(m);
    expect((await deliver(fake, c.event)).status).toBe(200);
    const reads = retrievals(c.subscriptionId);
    const again = await deliver(fake, c.event);
    expect(again).toMatchObject({ status: 200, body: { outcome: 'already processed' } });
    const concurrent = await Promise.all([deliver(fake, c.event), deliver(fake, c.event)]);
    expect(concurrent.map((r) => r.status)).toEqual([200, 200]);
    expect(retrievals(c.subscriptionId)).toBe(reads);
    const row = await m.db().stripeEvent.findUniqueOrThrow({ where: { id: c.event.id } });
    expect(row.attempts).toBe(1);
    expect(row.processedAt).not.toBeNull();
  });

  it('acknowledges event types outside the allowlist without storing them', async () => {
    const m = await load();
    const e = fake.event('charge.succeeded', { id: 'ch_1', object: 'charge' });
    const res = await deliver(fake, e);
    expect(res).toMatchObject({ status: 200, body: { outcome: 'ignored (not in the allowlist)' } });
    expect(await m.db().stripeEvent.count({ where: { id: e.id } })).toBe(0);
  });

  it('answers 500 while Stripe fails (the event stays unprocessed), and processes the retry', async () => {
    const m = await load();
    const c = await anEvent(m);
    fake.fail({ path: `/v1/subscriptions/${c.subscriptionId}`, mode: 'error500', count: 10 });
    const failed = await deliver(fake, c.event);
    expect(failed.status).toBe(500);
    const row = await m.db().stripeEvent.findUniqueOrThrow({ where: { id: c.event.id } });
    expect(row.processedAt).toBeNull();
    expect(row.lastError).toBeTruthy();
    fake.clearFailures();
    expect((await deliver(fake, c.event)).status).toBe(200);
    expect((await m.db().workspace.findUniqueOrThrow({ where: { id: c.workspaceId } })).plan).toBe('pro');
  });
});

describe('subscription changes', () => {
  it('treats events as triggers: a stale "created" arriving after the cancellation leaves the workspace on Free', async () => {
    const m = await load();
    const c = await checkout(m);
    const done = fake.completeCheckout(c.sessionId);
    const deleted = fake.updateSubscription(done.subscription.id, { status: 'canceled' });
    expect((await deliver(fake, deleted)).status).toBe(200);
    const created = done.events.find((e) => e.type === 'customer.subscription.created')!;
    expect(created.data.object.status).toBe('active'); // the payload says active...
    expect((await deliver(fake, created)).body).toMatchObject({ outcome: 'plan free (canceled)' }); // ...Stripe says canceled
    expect((await m.db().workspace.findUniqueOrThrow({ where: { id: c.workspaceId } })).plan).toBe('free');
  });

  it('follows upgrades, payment failures (plan kept while Stripe retries) and cancellation', async () => {
    const m = await load();
    const s = await subscribe(m);
    const plan = async () => (await m.db().workspace.findUniqueOrThrow({ where: { id: s.workspaceId }, include: { billingAccount: true } }));
    await deliver(fake, fake.updateSubscription(s.subscriptionId, { priceFrom: 'price_pro_base', priceTo: 'price_scale_base' }));
    expect((await plan()).plan).toBe('scale');

    for (const e of fake.failInvoice(s.subscriptionId)) expect((await deliver(fake, e)).status).toBe(200);
    let ws = await plan();
    expect(ws.plan).toBe('scale');
    expect(ws.billingAccount!.subscriptionStatus).toBe('past_due');
    expect(ws.billingAccount!.paymentFailedAt).not.toBeNull();
    expect(await m.db().auditLog.count({ where: { workspaceId: s.workspaceId, action: 'billing.payment_failed' } })).toBe(1);

    const paid = [...fake.invoices.values()].find((i) => i.customer === s.customerId && i.status === 'open')!;
    paid.status = 'paid';
    fake.updateSubscription(s.subscriptionId, { status: 'active' });
    expect((await deliver(fake, fake.event('invoice.paid', paid))).status).toBe(200);
    ws = await plan();
    expect(ws.billingAccount!.paymentFailedAt).toBeNull();
    expect(ws.billingAccount!.subscriptionStatus).toBe('active');

    await deliver(fake, fake.updateSubscription(s.subscriptionId, { cancelAtPeriodEnd: true }));
    expect((await plan()).billingAccount!.cancelAtPeriodEnd).toBe(true);
    expect((await plan()).plan).toBe('scale');
    await deliver(fake, fake.updateSubscription(s.subscriptionId, { status: 'canceled' }));
    expect((await plan()).plan).toBe('free');
    const changes = await m.db().auditLog.findMany({ where: { workspaceId: s.workspaceId, action: 'billing.plan_changed' }, orderBy: { id: 'asc' } });
    expect(changes.map((a) => (a.metadata as { to: string }).to)).toEqual(['pro', 'scale', 'free']);
  });

  it('never applies one workspace’s events to another; unknown customers change nothing', async () => {
    const m = await load();
    const a = await subscribe(m);
    const b = await checkout(m);
    // A session that claims to be for workspace B but belongs to A's customer.
    const forged = fake.event('checkout.session.completed', { id: b.sessionId, object: 'checkout.session' });
    const bSession = fake.sessions.get(b.sessionId)!;
    bSession.customer = a.customerId;
    bSession.status = 'complete';
    bSession.subscription = a.subscriptionId;
    expect((await deliver(fake, forged)).body).toMatchObject({ outcome: 'workspace mismatch' });
    expect((await m.db().workspace.findUniqueOrThrow({ where: { id: b.workspaceId } })).plan).toBe('free');

    const stranger = await (await import('@/services/billing/stripe-client')).stripe().customers.create({ name: 'not a workspace' });
    const sub = fake.completeCheckout((await (await import('@/services/billing/stripe-client')).stripe().checkout.sessions.create({ mode: 'subscription', customer: stranger.id, line_items: [{ price: 'price_pro_base', quantity: 1 }], success_url: 'http://x' })).id).subscription;
    expect((await deliver(fake, fake.event('customer.subscription.created', sub))).body).toMatchObject({ outcome: 'unknown customer' });
  });

  it('a webhook that changes the plan reaches a running api process at once (no cache wait)', { timeout: 90_000 }, async () => {
    const m = await load();
    const c = await checkout(m);
    const { key } = await m.buildKey(c.owner, { scopes: ['events:write'] });
    await m.db().$transaction((tx) => m.recordUsage(tx, { workspaceId: c.workspaceId, meter: 'events', quantity: m.PLANS.free.included.events }));
    const api = await m.startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await m.freePort() });
    try {
      const send = (id: string) =>
        fetch(`${api.url}/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ events: [{ id, type: 'view', userId: 'u', itemId: 'i' }] }) });
      expect((await send('before')).status).toBe(429); // Free, at the cap; the api now caches this state for 10 s
      const done = fake.completeCheckout(c.sessionId);
      for (const e of done.events) await deliver(fake, e);
      const started = Date.now();
      let status = 0;
      while (status !== 200 && Date.now() - started < 5_000) {
        status = (await send(`after-${Date.now()}`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_000); // the NOTIFY, not the 10 s cache expiry
      await deliver(fake, fake.updateSubscription(done.subscription.id, { status: 'canceled' }));
      const cancelled = Date.now();
      while (status !== 429 && Date.now() - cancelled < 5_000) {
        status = (await send(`late-${Date.now()}`)).status;
        if (status !== 429) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(429);
      expect(Date.now() - cancelled).toBeLessThan(1_000);
    } finally {
      await api.stop();
    }
  });
});
