// Issue 13, finding 6 (second half): with REQUIRE_EMAIL_VERIFICATION on, an account from the public
// sign-up form cannot create API keys until its owner follows the link emailed to the address.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { parseEnv } from '@/services/config/env';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { requestSignUp } from '@/services/auth/request-sign-up';
import { resendEmailVerification, VERIFICATION_RESEND_LIMIT } from '@/services/auth/send-email-verification';
import { AttemptThrottle } from '@/services/auth/throttle';
import { createThrottleStore } from '@/services/auth/throttle-store';
import { verifyEmail } from '@/services/auth/verify-email';
import { provisionWorkspace } from '@/services/workspaces/provision-workspace';
import { inviteMember } from '@/services/members/invite-member';
import { acceptInvitation } from '@/services/members/accept-invitation';

const ON = { requireVerifiedEmail: true };
const OFF = { requireVerifiedEmail: false };
const uniqueIp = () => `203.0.113.${randomBytes(4).toString('hex')}`;

/** Signs up through the public form; returns the new user and their workspace. */
async function signUpPublicly() {
  const email = uniqueEmail('verify');
  await requestSignUp({ email, name: 'New Person', password: TEST_PASSWORD }, uniqueIp());
  const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
  return { email, user, workspaceId: user.memberships[0]!.workspaceId };
}

/** The verification links queued for `email` (the send-email jobs), oldest first. */
async function verificationTokens(email: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ text: string }[]>`
    SELECT data->>'text' AS text FROM pgboss.job
    WHERE name = 'send-email' AND data->>'to' = ${email} AND data->>'subject' LIKE 'Verify your email%'
    ORDER BY created_on`;
  return rows.map((r) => {
    const link = /https?:\/\/\S+\/verify-email\?token=([\w-]+)/.exec(r.text);
    if (!link) throw new Error(`no verification link in: ${r.text}`);
    return link[1]!;
  });
}

const newKey = (s: { user: { id: string }; workspaceId: string }, policy: { requireVerifiedEmail: boolean }) =>
  createApiKey({ workspaceId: s.workspaceId, actorUserId: s.user.id, name: 'k', type: 'secret' }, policy);

describe('email verification before API keys', () => {
  it('refuses a key with 403 email_unverified until the emailed link is followed, then allows it', async () => {
    const s = await signUpPublicly();
    expect(s.user.emailVerifiedAt).toBeNull();
    const refused = newKey(s, ON);
    await expect(refused).rejects.toMatchObject({ code: 'email_unverified', status: 403 });
    await expect(refused).rejects.toThrow(/Verify your email address before creating API keys.*send a new one from the API keys page/);
    expect(await db().apiKey.count({ where: { workspaceId: s.workspaceId } })).toBe(0);

    const [token] = await verificationTokens(s.email);
    expect(await db().emailVerification.count({ where: { tokenHash: { contains: token! } } })).toBe(0); // stored hashed only
    await expect(verifyEmail(token!)).resolves.toEqual({ email: s.email, alreadyVerified: false });
    expect((await db().user.findUniqueOrThrow({ where: { id: s.user.id } })).emailVerifiedAt).toBeInstanceOf(Date);
    await expect(newKey(s, ON)).resolves.toMatchObject({ key: expect.stringMatching(/^sk_live_/) });
  });

  it('uses a link once: a second use changes nothing and says the address is verified', async () => {
    const s = await signUpPublicly();
    const [token] = await verificationTokens(s.email);
    const [first, second] = await Promise.all([verifyEmail(token!), verifyEmail(token!)]);
    expect([first.alreadyVerified, second.alreadyVerified].sort()).toEqual([false, true]);
    const row = await db().emailVerification.findFirstOrThrow({ where: { userId: s.user.id } });
    expect(row.usedAt).toBeInstanceOf(Date);
    await expect(verifyEmail(token!)).resolves.toEqual({ email: s.email, alreadyVerified: true });
  });

  it('refuses an expired link with a clear message and leaves the address unverified', async () => {
    const s = await signUpPublicly();
    const [token] = await verificationTokens(s.email);
    const row = await db().emailVerification.findFirstOrThrow({ where: { userId: s.user.id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(24 * 3600 * 1000, -4);
    await db().emailVerification.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(verifyEmail(token!)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/has expired.*send a new link/) });
    expect((await db().user.findUniqueOrThrow({ where: { id: s.user.id } })).emailVerifiedAt).toBeNull();
    await expect(newKey(s, ON)).rejects.toMatchObject({ code: 'email_unverified' });
  });

  it('refuses a wrong token with a clear message', async () => {
    for (const wrong of ['', 'x', randomBytes(24).toString('base64url'), '../../etc/passwd']) {
      await expect(verifyEmail(wrong)).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/^This verification link is not valid/) });
    }
  });

  it('resends a working link, throttled per account, and sends nothing once verified', async () => {
    const s = await signUpPublicly();
    const throttle = new AttemptThrottle(createThrottleStore(), { ...VERIFICATION_RESEND_LIMIT, name: `test-resend-${randomBytes(4).toString('hex')}` });
    for (let i = 0; i < VERIFICATION_RESEND_LIMIT.points; i++) {
      await expect(resendEmailVerification(s.user.id, throttle)).resolves.toEqual({ alreadyVerified: false, email: s.email });
    }
    await expect(resendEmailVerification(s.user.id, throttle)).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many verification emails/) });
    const tokens = await verificationTokens(s.email);
    expect(tokens).toHaveLength(1 + VERIFICATION_RESEND_LIMIT.points);
    await verifyEmail(tokens.at(-1)!);
    await expect(newKey(s, ON)).resolves.toBeDefined();
    // Verifying used up every other pending link of the account.
    await expect(verifyEmail(tokens[0]!)).resolves.toMatchObject({ alreadyVerified: true });
    expect(await db().emailVerification.count({ where: { userId: s.user.id, usedAt: null } })).toBe(0);
    await expect(resendEmailVerification(s.user.id, throttle)).resolves.toEqual({ alreadyVerified: true, email: s.email });
  });

  it('with the setting off, an unverified account creates keys as before', async () => {
    const s = await signUpPublicly();
    await expect(newKey(s, OFF)).resolves.toMatchObject({ key: expect.stringMatching(/^sk_live_/) });
  });

  it('counts trusted paths (builders/demo sign-up, the CLI) as verified', async () => {
    const owner = await buildOwner();
    await expect(newKey({ user: owner.user, workspaceId: owner.workspace.id }, ON)).resolves.toBeDefined();
    const provisioned = await provisionWorkspace({ name: 'CLI ws', ownerEmail: uniqueEmail('cli'), allowedOrigins: ['https://a.example'] });
    await expect(newKey({ user: { id: provisioned.ownerUserId }, workspaceId: provisioned.workspaceId }, ON)).resolves.toBeDefined();
  });
  it('counts accepting an invitation sent to the address as verifying it', async () => {
    const s = await signUpPublicly();
    const admin = await buildOwner();
    const { link } = await inviteMember({ workspaceId: admin.workspace.id, actorUserId: admin.user.id, email: s.email, role: 'admin' });
    await acceptInvitation({ token: link.split('/invite/')[1]!, userId: s.user.id });
    await expect(newKey(s, ON)).resolves.toBeDefined();
  });
});

describe('REQUIRE_EMAIL_VERIFICATION', () => {
  it('defaults to on in production only, and can be set either way', () => {
    expect(parseEnv({}).REQUIRE_EMAIL_VERIFICATION).toBe(false);
    expect(parseEnv({ NODE_ENV: 'test' }).REQUIRE_EMAIL_VERIFICATION).toBe(false);
    expect(parseEnv({ NODE_ENV: 'production' }).REQUIRE_EMAIL_VERIFICATION).toBe(true);
    expect(parseEnv({ NODE_ENV: 'production', REQUIRE_EMAIL_VERIFICATION: '' }).REQUIRE_EMAIL_VERIFICATION).toBe(true);
    expect(parseEnv({ NODE_ENV: 'production', REQUIRE_EMAIL_VERIFICATION: 'false' }).REQUIRE_EMAIL_VERIFICATION).toBe(false);
    expect(parseEnv({ REQUIRE_EMAIL_VERIFICATION: 'true' }).REQUIRE_EMAIL_VERIFICATION).toBe(true);
  });
});
