// Issue 13, finding 6: sign-up was unthrottled (20 accounts and workspaces in 1.3 s) and answered
// "An account with this email already exists". The public sign-up is now throttled per address
// and answers the same whether or not the email has an account.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { requestSignUp, SIGNUP_IP_LIMIT } from '@/services/auth/request-sign-up';
import { ThrottledError } from '@/services/auth/throttle';
import { verifyCredentials } from '@/services/auth/verify-credentials';

const uniqueIp = () => `198.51.100.${randomBytes(4).toString('hex')}`;

const noticesTo = async (email: string) =>
  (await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = ${email}`)[0]!.n;

describe('public sign-up', () => {
  it('allows 10 sign-ups per address per hour, then refuses with a clear message and creates nothing', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) {
      await expect(requestSignUp({ email: uniqueEmail('burst'), name: `Burst ${i}`, password: TEST_PASSWORD }, ip)).resolves.toBeUndefined();
    }
    const eleventh = uniqueEmail('burst');
    const refused = requestSignUp({ email: eleventh, name: 'Eleventh', password: TEST_PASSWORD }, ip);
    await expect(refused).rejects.toBeInstanceOf(ThrottledError);
    await expect(refused).rejects.toMatchObject({ code: 'rate_limited', message: 'Too many sign-up attempts; try again in 60 minutes.' });
    expect(await db().user.count({ where: { email: eleventh } })).toBe(0);
    // Another address is not affected.
    await expect(requestSignUp({ email: eleventh, name: 'Eleventh', password: TEST_PASSWORD }, uniqueIp())).resolves.toBeUndefined();
    expect(await db().user.count({ where: { email: eleventh } })).toBe(1);
  });

  it('answers an existing email exactly as a new one, changes nothing, and tells the owner once', async () => {
    const owner = await buildOwner('Existing Owner');
    const ip = uniqueIp();
    const fresh = await requestSignUp({ email: uniqueEmail('fresh'), name: 'Fresh', password: TEST_PASSWORD }, ip);
    const taken = await requestSignUp({ email: owner.email.toUpperCase(), name: 'Intruder', password: 'another password 123', workspaceName: 'Intruder Inc' }, ip);
    expect(taken).toStrictEqual(fresh); // both undefined: nothing to tell them apart

    const user = await db().user.findUniqueOrThrow({ where: { email: owner.email }, include: { memberships: true } });
    expect(user).toMatchObject({ id: owner.user.id, name: 'Existing Owner' });
    expect(user.memberships.map((m) => m.workspaceId)).toEqual([owner.workspace.id]);
    expect(await db().workspace.count({ where: { name: 'Intruder Inc' } })).toBe(0);
    expect(await verifyCredentials({ email: owner.email, password: owner.password })).toMatchObject({ id: owner.user.id });
    expect(await verifyCredentials({ email: owner.email, password: 'another password 123' })).toBeNull();

    // The owner hears about it, but a repeat does not flood their inbox.
    expect(await noticesTo(owner.email)).toBe(1n);
    await requestSignUp({ email: owner.email, name: 'Intruder', password: 'another password 123' }, uniqueIp());
    expect(await noticesTo(owner.email)).toBe(1n);
  });

  it('reports validation errors without using up the address', async () => {
    const ip = uniqueIp();
    await expect(requestSignUp({ email: 'not-an-email', name: '', password: 'short' }, ip)).rejects.toMatchObject({ code: 'validation_failed' });
    const row = await db().$queryRaw<unknown[]>`SELECT 1 FROM throttle.counters WHERE key = ${`${SIGNUP_IP_LIMIT.name}:attempts:${ip}`}`;
    expect(row).toHaveLength(0);
  });
});
