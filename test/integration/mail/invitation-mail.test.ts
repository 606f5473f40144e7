// Issue 13, finding 5: with the default mail transport an invitation link (membership for 7 days)
// went to the worker's log. Now the log says that an email went out and to whom; the email itself,
// link included, is in the local mail sink. The real worker process, on a database of its own so
// that it takes no other test file's jobs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/test/support/database';

const testDb = await createTestDatabase();
process.env.DATABASE_URL = testDb.url;
const m = {
  ...(await import('@/test/support/worker-process')),
  ...(await import('@/test/support/builders')),
  ...(await import('@/services/mail/send-mail')),
  inviteMember: (await import('@/services/members/invite-member')).inviteMember,
  disconnectDb: (await import('@/services/db/client')).disconnectDb,
};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-mail-'));
let worker: Awaited<ReturnType<typeof m.startWorkerProcess>>;

beforeAll(async () => {
  // MAIL_TRANSPORT unset: the embedded default.
  worker = await m.startWorkerProcess({ databaseUrl: testDb.url, env: { CAIRN_DATA_DIR: dataDir } });
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await m.disconnectDb();
  await testDb.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('invitation email with the default transport', () => {
  it('goes to the mail sink (owner-only file), and the log names the recipient but never the link', async () => {
    const owner = await m.buildOwner();
    const email = m.uniqueEmail('invitee');
    const { link } = await m.inviteMember({ workspaceId: owner.workspace.id, actorUserId: owner.user.id, email, role: 'member' });
    const token = link.split('/invite/')[1]!;

    const until = Date.now() + 60_000;
    let mail: Awaited<ReturnType<typeof m.readMailSink>>[number] | undefined;
    while (!(mail = (await m.readMailSink(dataDir)).find((x) => x.to === email)) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(mail, `no mail to ${email} in the sink; worker log:\n${worker.output().slice(-2000)}`).toBeDefined();
    expect(mail!.text).toContain(link);
    expect(mail!.subject).toMatch(/invited/);
    expect(fs.statSync(m.mailSinkPath(dataDir)).mode & 0o077).toBe(0);

    // The line is logged just after the write; give it a moment to reach the pipe.
    await new Promise((r) => setTimeout(r, 500));
    expect(worker.output()).toContain(`email to ${email} written to the local mail sink`);
    expect(worker.output()).not.toContain(token);
  });
});
