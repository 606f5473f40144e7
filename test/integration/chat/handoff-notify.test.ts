// "Needs a person" notifications, end to end with the real worker process on a database of its
// own: a visitor asks for a person through the api; every member gets an email in the mail sink;
// the workspace's webhook receives a signed POST (verified here as a receiver would), is retried
// after a 500, and nothing is sent twice for the same flag. Webhook settings: admins only, the URL
// SSRF-guarded with the field named, the secret shown once and sealed at rest, audited.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/test/support/database';

const testDb = await createTestDatabase();
process.env.DATABASE_URL = testDb.url;
// The receiver listens on loopback, which the SSRF guard refuses unless allowed.
process.env.KB_FETCH_ALLOWED_RANGES = '127.0.0.1';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-handoff-mail-'));
process.env.CAIRN_DATA_DIR = dataDir;
// Seals the webhook secret here and opens it in the worker: the same key in both processes.
process.env.AUTH_SECRET ??= 'test-auth-secret-for-handoff-webhooks-0123456789';
const m = {
  ...(await import('@/test/support/worker-process')),
  ...(await import('@/test/support/api-server')),
  ...(await import('@/test/support/builders')),
  ...(await import('@/test/support/chat')),
  ...(await import('@/test/support/knowledge')),
  ...(await import('@/services/mail/send-mail')),
  ...(await import('@/services/db/client')),
  ...(await import('@/services/chat/update-handoff-webhook')),
  ...(await import('@/services/members/invite-member')),
  ...(await import('@/services/members/accept-invitation')),
  ...(await import('@/services/auth/sign-up')),
};

interface Delivery {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const deliveries: Delivery[] = [];
/** Answers 500 to the first delivery of each event, 200 to the next. */
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const id = (JSON.parse(body) as { id: string }).id;
    const seen = deliveries.filter((d) => (JSON.parse(d.body) as { id: string }).id === id).length;
    deliveries.push({ at: Date.now(), headers: req.headers, body });
    res.writeHead(seen === 0 ? 500 : 200).end(seen === 0 ? 'not now' : 'ok');
  });
});

let worker: Awaited<ReturnType<typeof m.startWorkerProcess>>;
let api: Awaited<ReturnType<typeof m.startApiServer>>;
let shop: Awaited<ReturnType<typeof m.chatTenant>>;
let memberId: string;
let memberEmail: string;
let hookUrl: string;

/** The verification docs/chat.md tells receivers to do. */
function verify(header: string, body: string, secret: string, toleranceS = 300) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  const fresh = Math.abs(Date.now() / 1000 - t) <= toleranceS;
  return fresh && !!parts.v1 && crypto.timingSafeEqual(Buffer.from(parts.v1, 'hex'), Buffer.from(expected, 'hex'));
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${worker?.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/cairn`;
  await m.loadChatModels();
  api = await m.startApiServer();
  shop = await m.chatTenant([]);
  memberEmail = m.uniqueEmail('agent');
  const { user } = await m.signUp({ email: memberEmail, name: 'Ada Agent', password: m.TEST_PASSWORD });
  const { link } = await m.inviteMember({ workspaceId: shop.workspaceId, actorUserId: shop.owner.user.id, email: memberEmail, role: 'member' });
  await m.acceptInvitation({ token: link.split('/invite/')[1]!, userId: user.id });
  memberId = user.id;
  worker = await m.startWorkerProcess({ databaseUrl: testDb.url, env: { CAIRN_DATA_DIR: dataDir, KB_FETCH_ALLOWED_RANGES: '127.0.0.1', AUTH_SECRET: process.env.AUTH_SECRET! } });
}, 240_000);
afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await m.stopChatModels();
  receiver.close();
  await m.disconnectDb();
  await testDb.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('webhook settings', () => {
  it('admins only; the URL is checked (field named); the secret is shown once, sealed at rest, never audited', async () => {
    const set = (webhook: unknown, actorUserId = shop.owner.user.id) => m.updateHandoffWebhook({ workspaceId: shop.workspaceId, actorUserId, webhook });
    await expect(set({ url: hookUrl }, memberId)).rejects.toMatchObject({ code: 'forbidden' });
    for (const url of ['ftp://example.com/x', 'not a url', 'http://10.0.0.1/hook', 'https://user:pw@example.com/']) {
      await expect(set({ url })).rejects.toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'url' })] });
    }
    await expect(set({ url: 'x'.repeat(501) })).rejects.toMatchObject({ details: [expect.objectContaining({ path: 'url' })] });
    const other = await m.buildOwner();
    await expect(m.updateHandoffWebhook({ workspaceId: shop.workspaceId, actorUserId: other.user.id, webhook: { url: hookUrl } })).rejects.toMatchObject({ code: 'not_found' });

    const first = await set({ url: hookUrl });
    expect(first.newSecret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect((await set({ url: hookUrl })).newSecret).toBeNull();
    const stored = await m.db().chatSettings.findUniqueOrThrow({ where: { workspaceId: shop.workspaceId } });
    expect(stored.handoffWebhookUrl).toBe(hookUrl);
    expect(stored.handoffWebhookSecretEncrypted).not.toContain(first.newSecret!);
    const audit = await m.db().auditLog.findMany({ where: { workspaceId: shop.workspaceId, action: 'handoff_webhook.updated' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.metadata).toMatchObject({ before: null, after: hookUrl, secret: 'created' });
    expect(JSON.stringify(audit.map((a) => a.metadata))).not.toContain(first.newSecret!);
    secret = first.newSecret!;
  });
});

let secret = '';

describe('a visitor asks for a person', () => {
  it('emails every member and POSTs a signed event to the webhook, retried after a 500, once per flag', async () => {
    const asked = await m.chat(api, shop.publishable, { message: 'Can I talk to a human please?' }, { origin: m.SHOP_ORIGIN });
    expect(asked.body).toMatchObject({ handoff: true });
    const conversationId = asked.body.conversationId as string;

    const mails = await waitFor('the emails', async () => {
      const sink = (await m.readMailSink(dataDir)).filter((x) => x.text.includes(conversationId));
      return sink.length >= 2 && sink;
    });
    expect(mails.map((x) => x.to).sort()).toEqual([shop.owner.email, memberEmail].sort());
    expect(mails[0]!.subject).toContain('A visitor needs a person');
    expect(mails[0]!.text).toContain('asked for a person');
    expect(mails[0]!.text).toContain(`/dashboard/${shop.workspaceId}/inbox/${conversationId}`);

    const [failed, ok] = await waitFor('two deliveries', async () => deliveries.length >= 2 && deliveries);
    // The same event, retried after the 500 (pg-boss backoff), each time freshly signed.
    expect(failed!.body).toBe(ok!.body);
    expect(ok!.at - failed!.at).toBeGreaterThanOrEqual(1000);
    const event = JSON.parse(ok!.body);
    expect(event).toMatchObject({ type: 'conversation.needs_person', data: { workspaceId: shop.workspaceId, conversationId, reason: 'handoff_requested', preview: 'Can I talk to a human please?' } });
    expect(event.id).toMatch(/^evt_/);
    for (const d of [failed!, ok!]) {
      const header = String(d.headers['cairn-signature']);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verify(header, d.body, secret)).toBe(true);
      // A receiver with another secret, or a body changed on the way, refuses it.
      expect(verify(header, d.body, 'whsec_wrong')).toBe(false);
      expect(verify(header, d.body.replace('handoff_requested', 'handoff_requesteD'), secret)).toBe(false);
    }

    // Asking again does not notify again (the flag is already up).
    await m.chat(api, shop.publishable, { message: 'I want to speak to a person', conversationId }, { origin: m.SHOP_ORIGIN });
    await new Promise((r) => setTimeout(r, 3000));
    const jobs = await m.db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notify-needs-person' AND data->>'conversationId' = ${conversationId}`;
    expect(jobs[0]!.n).toBe(1);
    expect(deliveries).toHaveLength(2);
  }, 90_000);
});
