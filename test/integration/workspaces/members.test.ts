import { describe, expect, it } from 'vitest';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { signUp } from '@/services/auth/sign-up';
import { inviteMember } from '@/services/members/invite-member';
import { acceptInvitation, findPendingInvitation } from '@/services/members/accept-invitation';
import { changeMemberRole, removeMember } from '@/services/members/change-member-role';
import { listMembers } from '@/services/members/list-members';
import { requireMembership } from '@/services/workspaces/require-membership';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { verifyCredentials } from '@/services/auth/verify-credentials';

const tokenOf = (link: string) => link.split('/invite/')[1]!;

async function joinAs(owner: Awaited<ReturnType<typeof buildOwner>>, role: 'admin' | 'member') {
  const email = uniqueEmail(role);
  const { user } = await signUp({ email, name: role, password: TEST_PASSWORD });
  const { link } = await inviteMember({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, email, role });
  await acceptInvitation({ token: tokenOf(link), userId: user.id });
  return user;
}

describe('sign-up and sign-in', () => {
  it('creates the user with an argon2id hash and a first workspace they own', async () => {
    const owner = await buildOwner('Ada Lovelace');
    const row = await db().user.findUniqueOrThrow({ where: { id: owner.user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await requireMembership(owner.user.id, owner.workspace.id)).role).toBe('owner');
    expect(await verifyCredentials({ email: owner.email.toUpperCase(), password: owner.password })).toMatchObject({ id: owner.user.id });
    expect(await verifyCredentials({ email: owner.email, password: 'wrong password!' })).toBeNull();
    expect(await verifyCredentials({ email: uniqueEmail(), password: 'whatever123' })).toBeNull();
  });

  it('refuses a duplicate email and a weak password with field errors', async () => {
    const owner = await buildOwner();
    await expect(signUp({ email: owner.email, name: 'x', password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'conflict' });
    await expect(signUp({ email: 'not-an-email', name: '', password: 'short' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: expect.arrayContaining([
        expect.objectContaining({ path: 'email' }),
        expect.objectContaining({ path: 'name' }),
        expect.objectContaining({ path: 'password' }),
      ]),
    });
  });
});

describe('invitations by link', () => {
  it('lets the invited address join with the invited role, once, and enqueues the email with it', async () => {
    const owner = await buildOwner();
    const email = uniqueEmail('invitee');
    const { link, invitation } = await inviteMember({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, email, role: 'admin' });
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
    const stored = await db().invitation.findFirstOrThrow({ where: { workspaceId: owner.workspace.id, id: invitation.id } });
    expect(stored.tokenHash).not.toContain(tokenOf(link));
    const jobs = await db().$queryRaw<{ data: { to: string; text: string } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = ${email}`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data.text).toContain(link);

    const stranger = await signUp({ email: uniqueEmail('stranger'), name: 's', password: TEST_PASSWORD });
    await expect(acceptInvitation({ token: tokenOf(link), userId: stranger.user.id })).rejects.toMatchObject({ code: 'forbidden' });

    const invitee = await signUp({ email, name: 'Invitee', password: TEST_PASSWORD });
    expect(await acceptInvitation({ token: tokenOf(link), userId: invitee.user.id })).toEqual({ workspaceId: owner.workspace.id });
    expect((await requireMembership(invitee.user.id, owner.workspace.id)).role).toBe('admin');
    expect(await findPendingInvitation(tokenOf(link))).toBeNull();
    await expect(acceptInvitation({ token: tokenOf(link), userId: invitee.user.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('roles are enforced', () => {
  it('members cannot manage keys or invite; admins cannot touch owners; the last owner stays', async () => {
    const owner = await buildOwner();
    const ws = owner.workspace.id;
    const member = await joinAs(owner, 'member');
    const admin = await joinAs(owner, 'admin');

    await expect(createApiKey({ workspaceId: ws, actorUserId: member.id, name: 'k', type: 'secret' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(inviteMember({ workspaceId: ws, actorUserId: member.id, email: uniqueEmail(), role: 'member' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(changeMemberRole({ workspaceId: ws, actorUserId: admin.id, userId: owner.user.id, role: 'member' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(changeMemberRole({ workspaceId: ws, actorUserId: admin.id, userId: member.id, role: 'owner' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(changeMemberRole({ workspaceId: ws, actorUserId: owner.user.id, userId: owner.user.id, role: 'admin' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(removeMember({ workspaceId: ws, actorUserId: owner.user.id, userId: owner.user.id })).rejects.toMatchObject({ code: 'conflict' });

    await changeMemberRole({ workspaceId: ws, actorUserId: admin.id, userId: member.id, role: 'admin' });
    await removeMember({ workspaceId: ws, actorUserId: admin.id, userId: member.id });
    expect((await listMembers(ws)).map((m) => m.id).sort()).toEqual([owner.user.id, admin.id].sort());

    const actions = (await db().auditLog.findMany({ where: { workspaceId: ws }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['workspace.created', 'member.invited', 'member.joined', 'member.role_changed', 'member.removed']),
    );
  });

  it('a user of workspace A gets not_found for workspace B', async () => {
    const a = await buildOwner();
    const b = await buildOwner();
    await expect(requireMembership(a.user.id, b.workspace.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(createApiKey({ workspaceId: b.workspace.id, actorUserId: a.user.id, name: 'x', type: 'secret' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(inviteMember({ workspaceId: b.workspace.id, actorUserId: a.user.id, email: uniqueEmail(), role: 'member' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
