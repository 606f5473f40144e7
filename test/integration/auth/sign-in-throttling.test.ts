// Issue 13, finding 2: sign-in had no throttling (30 wrong passwords in a row for one account all
// got an ordinary refusal, and the right one then worked at once). Throttles count in PostgreSQL,
// so two stores on two pools here stand for two web processes.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOwner, uniqueEmail } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { createThrottleStore } from '@/services/auth/throttle-store';
import { clientIp, FailureThrottle, ThrottledError } from '@/services/auth/throttle';
import { ACCOUNT_LIMIT, createSignInThrottles, IP_LIMIT, signInWithThrottle, type SignInThrottles } from '@/services/auth/throttled-sign-in';

const pools = [1, 2].map(() => new pg.Pool({ connectionString: env().DATABASE_URL, max: 2 }));
afterAll(() => Promise.all(pools.map((p) => p.end())));
const [processA, processB] = pools.map((p) => createSignInThrottles(createThrottleStore(p))) as [SignInThrottles, SignInThrottles];

const uniqueIp = () => `192.0.2.${randomBytes(4).toString('hex')}`; // unique per test: keys are plain strings

/** The outcome of one attempt: 'ok', 'wrong', or the throttle's message. */
async function attempt(throttles: SignInThrottles, email: string, password: string, ip: string): Promise<string> {
  try {
    return (await signInWithThrottle({ email, password }, ip, throttles)) ? 'ok' : 'wrong';
  } catch (err) {
    if (err instanceof ThrottledError) return err.message;
    throw err;
  }
}

describe('sign-in throttling', () => {
  it('locks an account after 5 wrong passwords, across processes, refuses the right one while locked, and audits the lock', async () => {
    const owner = await buildOwner();
    const ip = uniqueIp();
    const outcomes: string[] = [];
    // The reproduction: 30 wrong passwords in a row, alternating between the two "processes".
    for (let i = 0; i < 30; i++) outcomes.push(await attempt(i % 2 ? processB : processA, owner.email, `wrong password ${i}`, ip));

    expect(outcomes.slice(0, 4)).toEqual(['wrong', 'wrong', 'wrong', 'wrong']);
    expect(new Set(outcomes.slice(4))).toEqual(new Set(['Too many sign-in attempts; try again in 1 minute.']));
    // The right password is refused while the account is locked, by either process.
    expect(await attempt(processA, owner.email, owner.password, ip)).toMatch(/^Too many sign-in attempts/);
    expect(await attempt(processB, owner.email, owner.password, uniqueIp())).toMatch(/^Too many sign-in attempts/);
    expect(await processB.account.lockedForMs(owner.email)).toBeGreaterThan(50_000);

    const audit = await db().auditLog.findMany({ where: { workspaceId: owner.workspace.id, action: 'account.locked' } });
    expect(audit).toHaveLength(1); // refused attempts while locked do not count as new failures
    expect(audit[0]).toMatchObject({ targetType: 'user', targetId: owner.user.id, metadata: { failures: 5, lockedForSeconds: 60, ip } });
  });

  it('forgets the failures after a successful sign-in', async () => {
    const owner = await buildOwner();
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) expect(await attempt(processA, owner.email, 'wrong password', ip)).toBe('wrong');
    expect(await attempt(processB, owner.email, owner.password, ip)).toBe('ok');
    for (let i = 0; i < 4; i++) expect(await attempt(processA, owner.email, 'wrong password', ip)).toBe('wrong');
    expect(await attempt(processA, owner.email, owner.password, ip)).toBe('ok');
  });

  it('locks an unknown email the same way, so the lock reveals no account', async () => {
    const email = uniqueEmail('nobody');
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) outcomes.push(await attempt(processA, email, 'some password', uniqueIp()));
    expect(outcomes).toEqual([...Array(4).fill('wrong'), ...Array(2).fill('Too many sign-in attempts; try again in 1 minute.')]);
  });

  it('locks an address that fails across many accounts, and only that address', async () => {
    const store = createThrottleStore(pools[0]);
    // The real composition with a smaller per-IP limit (the default is 50 failures).
    const throttles: SignInThrottles = { account: new FailureThrottle(store, ACCOUNT_LIMIT), ip: new FailureThrottle(store, { ...IP_LIMIT, maxFailures: 3 }) };
    const owner = await buildOwner();
    const ip = uniqueIp();
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) outcomes.push(await attempt(throttles, uniqueEmail('spray'), 'guess-1234', ip));
    expect(outcomes).toEqual(['wrong', 'wrong', 'Too many sign-in attempts; try again in 1 minute.']);
    expect(await attempt(throttles, owner.email, owner.password, ip)).toMatch(/^Too many sign-in attempts/);
    expect(await attempt(throttles, owner.email, owner.password, uniqueIp())).toBe('ok');
  });

  it('doubles the lock with each failure past the limit, up to the cap, and a reset clears it', async () => {
    const store = createThrottleStore(pools[1]);
    const limit = { name: `test:${randomBytes(4).toString('hex')}`, maxFailures: 2, firstLockSeconds: 0.3, maxLockSeconds: 1, memorySeconds: 60 };
    const throttle = new FailureThrottle(store, limit);
    const key = 'someone@example.com';
    expect(await throttle.recordFailure(key)).toEqual({ failures: 1, lockedForMs: 0 });
    expect(await throttle.recordFailure(key)).toEqual({ failures: 2, lockedForMs: 300 });
    expect(await throttle.lockedForMs(key)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(await throttle.lockedForMs(key)).toBe(0);
    expect(await throttle.recordFailure(key)).toEqual({ failures: 3, lockedForMs: 600 });
    expect(await throttle.recordFailure(key)).toEqual({ failures: 4, lockedForMs: 1000 });
    expect(await throttle.recordFailure(key)).toEqual({ failures: 5, lockedForMs: 1000 });
    await throttle.reset(key);
    expect(await throttle.lockedForMs(key)).toBe(0);
    expect(await throttle.recordFailure(key)).toEqual({ failures: 1, lockedForMs: 0 });
  });

  it('keys the address on the entry the nearest proxy added', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }))).toBe('203.0.113.7');
    expect(clientIp(new Headers({ 'x-forwarded-for': '::ffff:127.0.0.1' }))).toBe('127.0.0.1');
    expect(clientIp(new Headers())).toBe('unknown');
  });
});
