// deploy/haproxy.cfg as it runs (issue 17): Debian's HAProxy with the committed config (addresses
// from the environment) in front of two real api processes. Requests are spread over both (HAProxy's
// own stats say so); ingestion goes on while one api process is killed with SIGKILL, clients
// retrying failed batches with the same event ids: every event is stored exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { buildKey, buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { PROJECT_ROOT } from '@/services/paths';

type Api = Awaited<ReturnType<typeof startApiProcess>>;
let apis: Api[] = [];
let haproxy: ChildProcess;
let lb: string;
let stats: string;

beforeAll(async () => {
  // Rates lifted (legacy multiplier): this test is about balancing, not limits.
  const env = { RATE_LIMIT_MULTIPLIER: '100' };
  apis = await Promise.all([0, 1].map(async () => startApiProcess({ databaseUrl: process.env.DATABASE_URL!, port: await freePort(), env })));
  const [port, statsPort] = [await freePort(), await freePort()];
  lb = `http://127.0.0.1:${port}`;
  stats = `http://127.0.0.1:${statsPort}/stats;csv`;
  haproxy = spawn('haproxy', ['-db', '-f', path.join(PROJECT_ROOT, 'deploy/haproxy.cfg')], {
    env: { ...process.env, HAPROXY_BIND: `127.0.0.1:${port}`, HAPROXY_STATS_BIND: `127.0.0.1:${statsPort}`, API1: apis[0]!.url.slice(7), API2: apis[1]!.url.slice(7) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await until(async () => {
    const s = await serverStats();
    return s.api1?.status === 'UP' && s.api2?.status === 'UP';
  }, 30_000);
}, 150_000);
afterAll(async () => {
  haproxy?.kill('SIGTERM');
  await Promise.all(apis.map((a) => a.stop()));
});

async function until(check: () => Promise<boolean>, ms: number) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

/** HAProxy's own view of the api backend: per server, status and total sessions. */
async function serverStats(): Promise<Record<string, { status: string; total: number }>> {
  const [header, ...lines] = (await (await fetch(stats)).text()).trim().split('\n');
  const cols = header!.replace(/^# /, '').split(',');
  const at = (name: string) => cols.indexOf(name);
  const out: Record<string, { status: string; total: number }> = {};
  for (const line of lines) {
    const f = line.split(',');
    if (f[at('pxname')] === 'api' && f[at('svname')]!.startsWith('api')) out[f[at('svname')]!] = { status: f[at('status')]!, total: Number(f[at('stot')]) };
  }
  return out;
}

describe('deploy/haproxy.cfg in front of two api processes', () => {
  it('spreads requests over both', async () => {
    const before = await serverStats();
    const { key } = await buildKey(await buildOwner());
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${lb}/v1/me`, { headers: { authorization: `Bearer ${key}`, connection: 'close' } });
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    const after = await serverStats();
    const served = ['api1', 'api2'].map((s) => after[s]!.total - before[s]!.total);
    expect(served[0]! + served[1]!).toBeGreaterThanOrEqual(40);
    for (const n of served) expect(n).toBeGreaterThanOrEqual(10); // leastconn: close to half each
  });

  it('loses and duplicates no event while an api process is killed with SIGKILL (clients retry)', async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner);
    const BATCHES = 60;
    let retries = 0;
    const send = async (b: number) => {
      const body = JSON.stringify({ events: Array.from({ length: 5 }, (_, i) => ({ id: `b${b}-${i}`, type: 'view', userId: `u${b % 7}`, itemId: `i${i}` })) });
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${lb}/v1/events`, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }).catch(() => null);
        if (res?.ok) return void (await res.body?.cancel());
        await res?.body?.cancel();
        if (attempt > 20) throw new Error(`batch ${b} failed: ${res?.status ?? 'network error'}`);
        retries++;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    let next = 0;
    const workers = Array.from({ length: 4 }, async () => {
      for (let b = next++; b < BATCHES; b = next++) {
        if (b === 20) await apis[0]!.kill(); // mid-load, requests in flight
        await send(b);
      }
    });
    await Promise.all(workers);
    await until(async () => (await serverStats()).api1?.status.startsWith('DOWN') ?? false, 10_000);
    const stored = await db().event.count({ where: { workspaceId: owner.workspace.id } });
    expect(stored).toBe(BATCHES * 5);
    console.log(`SIGKILL under load: ${retries} client retries, ${stored} events stored once each`);
  });
});
