// Issue 16, item 6: deleting a workspace removes every row of it in every table with a workspaceId
// column (found in the catalog, so tables added later are covered), leaves other workspaces as
// they were, cancels the Stripe subscription at the (fake) Stripe first, and records the deletion
// where it survives (AccountAuditLog). Owner only, typed confirmation, cross-tenant 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '@/test/support/fake-stripe';
import { deliver, stripeTestEnv, TEST_PRICES } from '@/test/support/billing';

let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe({ priceAmounts: { [TEST_PRICES.pro.base]: 4900 } });
  Object.assign(process.env, stripeTestEnv(fake));
});
afterAll(() => fake?.close());

// Imported lazily: configuration is read once, after the fake's address is known.
const load = async () => ({
  ...(await import('@/test/support/builders')),
  ...(await import('@/test/support/workspace-data')),
  db: (await import('@/services/db/client')).db,
  deleteWorkspace: (await import('@/services/workspaces/delete-workspace')).deleteWorkspace,
  createCheckoutSession: (await import('@/services/billing/create-checkout-session')).createCheckoutSession,
  acceptInvitation: (await import('@/services/members/accept-invitation')).acceptInvitation,
  inviteMember: (await import('@/services/members/invite-member')).inviteMember,
  signUp: (await import('@/services/auth/sign-up')).signUp,
});
type M = Awaited<ReturnType<typeof load>>;

async function subscribed(m: M) {
  const owner = await m.buildOwner();
  const { url } = await m.createCheckoutSession({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, plan: 'pro' });
  const done = fake.completeCheckout(url.split('/').at(-1)!);
  for (const e of done.events) expect((await deliver(fake, e)).status).toBe(200);
  return { owner, subscriptionId: done.subscription.id as string };
}

/** A user with `role` in the owner's workspace. */
async function memberWith(m: M, owner: { user: { id: string }; workspace: { id: string } }, role: 'admin' | 'member') {
  const email = m.uniqueEmail(role);
  const { user } = await m.signUp({ email, name: role, password: m.TEST_PASSWORD });
  const { link } = await m.inviteMember({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, email, role });
  await m.acceptInvitation({ token: link.split('/invite/')[1]!, userId: user.id });
  return user;
}

describe('delete workspace', () => {
  it('removes every row of the workspace in every table, keeps the other workspace, cancels the subscription, and audits it', async () => {
    const m = await load();
    const { owner, subscriptionId } = await subscribed(m);
    const other = await m.buildOwner();
    await m.populateWorkspace(owner);
    await m.populateWorkspace(other);

    const before = await m.rowsPerTable(owner.workspace.id);
    const otherBefore = await m.rowsPerTable(other.workspace.id);
    // The workspace really had data spread over the schema (else "nothing left" proves nothing).
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(15);
    for (const t of ['ApiKey', 'AuditLog', 'BillingAccount', 'ChatMessage', 'Conversation', 'Event', 'Invitation', 'Item', 'KbDocument', 'Membership', 'UsageRecord']) {
      expect(before[t], t).toBeGreaterThan(0);
    }

    const result = await m.deleteWorkspace({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, confirmName: ` ${owner.workspace.name} ` });
    expect(result.subscriptionCancelled).toBe(subscriptionId);
    expect(result.rows).toEqual(before);

    // Nothing of it left in any table with a workspaceId column; the other workspace untouched.
    const tables = await m.tablesWithWorkspaceId();
    expect(tables.length).toBeGreaterThanOrEqual(25);
    for (const table of tables) {
      const [{ n }] = await m.db().$queryRawUnsafe<[{ n: number }]>(`SELECT count(*)::int AS n FROM "${table}" WHERE "workspaceId" = $1`, owner.workspace.id);
      expect(n, table).toBe(0);
    }
    expect(await m.db().workspace.count({ where: { id: owner.workspace.id } })).toBe(0);
    expect(await m.rowsPerTable(other.workspace.id)).toEqual(otherBefore);
    const [{ jobs }] = await m.db().$queryRaw<[{ jobs: number }]>`SELECT count(*)::int AS jobs FROM pgboss.job WHERE data->>'workspaceId' = ${owner.workspace.id} AND state IN ('created', 'retry')`;
    expect(jobs).toBe(0);

    // Stripe: cancelled through the API, once.
    const cancels = fake.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${subscriptionId}`);
    expect(cancels).toHaveLength(1);
    expect(fake.subscriptions.get(subscriptionId)!.status).toBe('canceled');

    // The account keeps the record; the owner's account itself stays.
    const audit = await m.db().accountAuditLog.findMany({ where: { userId: owner.user.id, action: 'workspace.deleted' } });
    expect(audit).toMatchObject([{ targetType: 'workspace', targetId: owner.workspace.id, metadata: { name: owner.workspace.name, subscriptionCancelled: subscriptionId, rows: before } }]);
    expect(await m.db().user.count({ where: { id: owner.user.id } })).toBe(1);

    // A second attempt finds nothing.
    await expect(m.deleteWorkspace({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, confirmName: owner.workspace.name })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('needs the owner, the exact name, and answers 404 across tenants; a refusal deletes nothing', async () => {
    const m = await load();
    const owner = await m.buildOwner();
    const admin = await memberWith(m, owner, 'admin');
    const member = await memberWith(m, owner, 'member');
    const stranger = await m.buildOwner();
    const ws = owner.workspace;

    await expect(m.deleteWorkspace({ workspaceId: ws.id, actorUserId: admin.id, confirmName: ws.name })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(m.deleteWorkspace({ workspaceId: ws.id, actorUserId: member.id, confirmName: ws.name })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(m.deleteWorkspace({ workspaceId: ws.id, actorUserId: stranger.user.id, confirmName: ws.name })).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(m.deleteWorkspace({ workspaceId: ws.id, actorUserId: owner.user.id, confirmName: 'wrong name' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'confirmName', message: `does not match “${ws.name}”` }],
    });
    await expect(m.deleteWorkspace({ workspaceId: ws.id, actorUserId: owner.user.id, confirmName: 42 })).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'confirmName' }] });
    expect(await m.db().workspace.count({ where: { id: ws.id } })).toBe(1);
    expect(await m.db().membership.count({ where: { workspaceId: ws.id } })).toBe(3);
  });

  it('deletes nothing when Stripe does not confirm the cancellation', async () => {
    const m = await load();
    const { owner, subscriptionId } = await subscribed(m);
    fake.fail({ method: 'DELETE', path: `/v1/subscriptions/${subscriptionId}`, mode: 'error500', count: 5 });
    await expect(m.deleteWorkspace({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, confirmName: owner.workspace.name })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/nothing was deleted/),
    });
    fake.clearFailures();
    expect(await m.db().workspace.count({ where: { id: owner.workspace.id } })).toBe(1);
    expect(fake.subscriptions.get(subscriptionId)!.status).toBe('active');
    // Retried: goes through.
    await expect(m.deleteWorkspace({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, confirmName: owner.workspace.name })).resolves.toMatchObject({ subscriptionCancelled: subscriptionId });
  });
});
