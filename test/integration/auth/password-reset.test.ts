// Issue 16, item 6: "Forgot password?" mails a single-use, expiring link (stored hashed) that sets
// a new password; the request answers the same for every email and is throttled per IP and per
// email; a reset or change ends every session opened before it. Change password needs the
// current one.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { changePassword } from '@/services/auth/change-password';
import { createResetThrottles, requestPasswordReset, RESET_EMAIL_LIMIT, RESET_IP_LIMIT, type ResetThrottles } from '@/services/auth/request-password-reset';
import { checkPasswordResetToken, resetPassword } from '@/services/auth/reset-password';
import { sessionStillValid } from '@/services/auth/session-still-valid';
import { AttemptThrottle, FailureThrottle } from '@/services/auth/throttle';
import { createThrottleStore } from '@/services/auth/throttle-store';
import { ACCOUNT_LIMIT, IP_LIMIT, type SignInThrottles } from '@/services/auth/throttled-sign-in';
import { verifyCredentials } from '@/services/auth/verify-credentials';

const uniqueIp = () => `192.0.2.${randomBytes(4).toString('hex')}`;
const NEW_PASSWORD = 'a brand new passphrase';
const store = createThrottleStore();
// Throttles of their own per test (unique names), so tests do not share counters.
const throttles = (): ResetThrottles => {
  const tag = randomBytes(4).toString('hex');
  return { ip: new AttemptThrottle(store, { ...RESET_IP_LIMIT, name: `t-${tag}-ip` }), email: new AttemptThrottle(store, { ...RESET_EMAIL_LIMIT, name: `t-${tag}-email` }) };
};

/** The reset tokens mailed to `email` (the send-email jobs), oldest first. */
async function resetTokens(email: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ text: string }[]>`
    SELECT data->>'text' AS text FROM pgboss.job
    WHERE name = 'send-email' AND data->>'to' = ${email} AND data->>'subject' = 'Reset your Cairn password'
    ORDER BY created_on`;
  return rows.map((r) => /https?:\/\/\S+\/reset-password\?token=([\w-]+)/.exec(r.text)![1]!);
}

describe('password reset by email link', () => {
  it('mails a link stored hashed; the link sets a new password once, voids the others, and ends older sessions', async () => {
    const owner = await buildOwner();
    const signedInBefore = Date.now();
    const t = throttles();
    await requestPasswordReset({ email: owner.email.toUpperCase() }, uniqueIp(), t);
    await requestPasswordReset({ email: owner.email }, uniqueIp(), t);
    const [first, second] = await resetTokens(owner.email);
    expect(first).toMatch(/^[\w-]{32}$/);
    expect(await db().passwordReset.count({ where: { userId: owner.user.id } })).toBe(2);
    expect(await db().passwordReset.count({ where: { tokenHash: { in: [first!, second!] } } })).toBe(0); // hashed at rest
    await expect(checkPasswordResetToken(second!)).resolves.toEqual({ email: owner.email });
    expect(await sessionStillValid(owner.user.id, signedInBefore)).toBe(true);

    await expect(resetPassword({ token: second, password: NEW_PASSWORD }, { ip: '192.0.2.1' })).resolves.toEqual({ email: owner.email });
    expect(await verifyCredentials({ email: owner.email, password: NEW_PASSWORD })).toMatchObject({ id: owner.user.id });
    expect(await verifyCredentials({ email: owner.email, password: TEST_PASSWORD })).toBeNull();
    expect(await sessionStillValid(owner.user.id, signedInBefore)).toBe(false);
    expect(await sessionStillValid(owner.user.id, undefined)).toBe(false);
    expect(await sessionStillValid(owner.user.id, Date.now())).toBe(true);

    // Single use, and the other pending link is void too.
    for (const used of [second!, first!]) {
      await expect(resetPassword({ token: used, password: 'yet another password' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already used/) });
      await expect(checkPasswordResetToken(used)).rejects.toMatchObject({ code: 'conflict' });
    }
    expect(await verifyCredentials({ email: owner.email, password: NEW_PASSWORD })).not.toBeNull();
    const audit = await db().accountAuditLog.findMany({ where: { userId: owner.user.id } });
    expect(audit).toMatchObject([{ action: 'password.reset', targetId: owner.user.id, metadata: { ip: '192.0.2.1' } }]);
  });

  it('lifts a sign-in lock on the account', async () => {
    const owner = await buildOwner();
    const t = { account: new FailureThrottle(store, { ...ACCOUNT_LIMIT, name: `t-${randomBytes(4).toString('hex')}-acct` }), ip: new FailureThrottle(store, { ...IP_LIMIT, name: `t-${randomBytes(4).toString('hex')}-ip` }) };
    for (let i = 0; i < ACCOUNT_LIMIT.maxFailures; i++) await t.account.recordFailure(owner.email);
    expect(await t.account.lockedForMs(owner.email)).toBeGreaterThan(0);
    await requestPasswordReset({ email: owner.email }, uniqueIp(), throttles());
    const [token] = await resetTokens(owner.email);
    await resetPassword({ token, password: NEW_PASSWORD }, {}, t);
    expect(await t.account.lockedForMs(owner.email)).toBe(0);
  });

  it('lets only one of two racing uses of a link through', async () => {
    const owner = await buildOwner();
    await requestPasswordReset({ email: owner.email }, uniqueIp(), throttles());
    const [token] = await resetTokens(owner.email);
    const results = await Promise.allSettled([resetPassword({ token, password: 'racing password one' }), resetPassword({ token, password: 'racing password two' })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('refuses an expired link and leaves the password as it was', async () => {
    const owner = await buildOwner();
    await requestPasswordReset({ email: owner.email }, uniqueIp(), throttles());
    const [token] = await resetTokens(owner.email);
    const row = await db().passwordReset.findFirstOrThrow({ where: { userId: owner.user.id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(3600 * 1000, -4);
    await db().passwordReset.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(checkPasswordResetToken(token!)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/has expired/) });
    await expect(resetPassword({ token, password: NEW_PASSWORD })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/has expired/) });
    expect(await verifyCredentials({ email: owner.email, password: TEST_PASSWORD })).not.toBeNull();
  });

  it('refuses wrong tokens, and names the password field when it is too short', async () => {
    for (const wrong of ['', 'x', randomBytes(24).toString('base64url'), '../../etc/passwd']) {
      await expect(resetPassword({ token: wrong, password: NEW_PASSWORD })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/^This password reset link is not valid/) });
    }
    const owner = await buildOwner();
    await requestPasswordReset({ email: owner.email }, uniqueIp(), throttles());
    const [token] = await resetTokens(owner.email);
    await expect(resetPassword({ token, password: 'short' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'password', message: 'Password must be at least 10 characters' }],
    });
    await expect(checkPasswordResetToken(token!)).resolves.toEqual({ email: owner.email }); // a bad password does not use the link
    await expect(requestPasswordReset({ email: 'not an email' }, uniqueIp(), throttles())).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'email' }] });
  });

  it('answers an unknown email exactly as a known one and mails nothing', async () => {
    const ghost = uniqueEmail('ghost');
    const t = throttles();
    await expect(requestPasswordReset({ email: ghost }, uniqueIp(), t)).resolves.toBeUndefined();
    expect(await resetTokens(ghost)).toEqual([]);
  });

  it('throttles per email silently (same answer, no more mails) and per IP with a clear refusal', async () => {
    const owner = await buildOwner();
    const t = throttles();
    for (let i = 0; i < RESET_EMAIL_LIMIT.points + 2; i++) await expect(requestPasswordReset({ email: owner.email }, uniqueIp(), t)).resolves.toBeUndefined();
    expect(await resetTokens(owner.email)).toHaveLength(RESET_EMAIL_LIMIT.points);

    const ip = uniqueIp();
    for (let i = 0; i < RESET_IP_LIMIT.points; i++) await requestPasswordReset({ email: uniqueEmail('spray') }, ip, t);
    await expect(requestPasswordReset({ email: uniqueEmail('spray') }, ip, t)).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many password reset requests/) });
    // The defaults build the same limits.
    expect(createResetThrottles(store).email.limit).toEqual(RESET_EMAIL_LIMIT);
  });
});

describe('change password', () => {
  const signInThrottles = (): SignInThrottles => {
    const tag = randomBytes(4).toString('hex');
    return { account: new FailureThrottle(store, { ...ACCOUNT_LIMIT, name: `t-${tag}-acct` }), ip: new FailureThrottle(store, { ...IP_LIMIT, name: `t-${tag}-ip` }) };
  };

  it('needs the current password, names the failing field, and ends older sessions and pending reset links', async () => {
    const owner = await buildOwner();
    const t = signInThrottles();
    await requestPasswordReset({ email: owner.email }, uniqueIp(), throttles());
    const [pending] = await resetTokens(owner.email);
    const before = Date.now();

    await expect(changePassword(owner.user.id, { currentPassword: 'wrong password!!', newPassword: NEW_PASSWORD }, t)).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'currentPassword', message: 'is not correct' }],
    });
    await expect(changePassword(owner.user.id, { currentPassword: TEST_PASSWORD, newPassword: 'short' }, t)).rejects.toMatchObject({ details: [{ path: 'newPassword' }] });
    await expect(changePassword(owner.user.id, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }, t)).rejects.toMatchObject({
      details: [{ path: 'newPassword', message: 'New password must differ from the current one' }],
    });
    expect(await verifyCredentials({ email: owner.email, password: TEST_PASSWORD })).not.toBeNull();

    await expect(changePassword(owner.user.id, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }, t)).resolves.toMatchObject({ email: owner.email });
    expect(await verifyCredentials({ email: owner.email, password: NEW_PASSWORD })).not.toBeNull();
    expect(await sessionStillValid(owner.user.id, before)).toBe(false);
    await expect(resetPassword({ token: pending, password: 'undo the change now' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await db().accountAuditLog.count({ where: { userId: owner.user.id, action: 'password.changed' } })).toBe(1);
  });

  it('locks after repeated wrong current passwords, like sign-in', async () => {
    const owner = await buildOwner();
    const t = signInThrottles();
    for (let i = 0; i < t.account.limit.maxFailures - 1; i++) {
      await expect(changePassword(owner.user.id, { currentPassword: `wrong ${i} password`, newPassword: NEW_PASSWORD }, t)).rejects.toMatchObject({ code: 'validation_failed' });
    }
    await expect(changePassword(owner.user.id, { currentPassword: 'wrong last password', newPassword: NEW_PASSWORD }, t)).rejects.toMatchObject({ code: 'rate_limited' });
    // Locked: even the right password is refused.
    await expect(changePassword(owner.user.id, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }, t)).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
