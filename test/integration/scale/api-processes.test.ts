// `cairn start --only api` with API_PROCESSES=2 (issue 17): one port, two api processes serving it
// (node:cluster, services/api/cluster-main.ts). Which process holds each accepted connection is
// read from the kernel (`ss -p`), not from anything the api says about itself. A worker killed
// with SIGKILL is replaced while the other keeps serving; SIGTERM stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/test/support/api-process';
import { PROJECT_ROOT } from '@/services/paths';
import { buildKey, buildOwner } from '@/test/support/builders';
import { createTestDatabase } from '@/test/support/database';

let cairn: ChildProcess;
let port: number;
let url: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-api-processes-'));

const get = (p: string, agent?: http.Agent) =>
  new Promise<number>((resolve, reject) => {
    // A fresh connection per request unless an agent is given; 3 s at most.
    http
      .get(`${url}${p}`, { agent: agent ?? false, timeout: 3000 }, (res) => (res.resume(), res.on('end', () => resolve(res.statusCode!))))
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error('timed out'));
      })
      .on('error', reject);
  });

/** Pids holding established connections on the api port (server side). */
const servingPids = () => {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' });
  return new Set([...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])));
};
/** The api processes: children of the cluster primary, itself the child of `cairn start`. */
const childrenOf = (pid: number) => {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    // ps exits 1 when there are none
  }
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), args: m[2]! }));
};

// Picked by its command line, not as the first child: `cairn start` may have other children, e.g.
// the esbuild service that tsx (cold cache, as in a fresh clone) or the server build starts. Taking
// that one for the primary found no api process ever, which read as "not up within 200 s".
// The cluster's workers run the primary's file too (services/api/cluster-main.ts).
const isApi = (c: { args: string }) => /cluster-main\.ts|api\.mjs/.test(c.args);
const workers = () => {
  const primary = childrenOf(cairn.pid!).find(isApi)?.pid;
  return primary ? childrenOf(primary).filter(isApi).map((c) => c.pid) : [];
};

async function waitUntil(check: () => Promise<boolean> | boolean, ms: number) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let output = '';

beforeAll(async () => {
  // Its own database: `cairn start` migrates and installs the job queues at start, which on the
  // suite's shared database waits behind every other file's workers and migrations.
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url; // before this file's first query (builders below)
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  cairn = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/cairn.js'), 'start', '--only', 'api'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, API_PROCESSES: '2', API_PORT: String(port), RATE_LIMIT_MULTIPLIER: '0.025', HOST: '127.0.0.1', METRICS_PORT: '0', LOG_LEVEL: 'warn', CAIRN_DATA_DIR: dataDir, REDIS_URL: '', ML_PRELOAD: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cairn.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Up when both api processes (children of the primary, the child of `cairn start`) answer. They
  // load no ML model here (ML_PRELOAD=false): two processes loading them at once on a loaded machine
  // answered nothing for seconds, and this test is about processes, not models.
  const t0 = Date.now();
  let health: unknown;
  for (;;) {
    if (cairn.exitCode !== null || Date.now() - t0 > 200_000) {
      // What was seen, so that a timeout says which condition failed.
      const seen = `children of cairn start: ${JSON.stringify(childrenOf(cairn.pid!))}; api processes: ${JSON.stringify(workers())}; /healthz: ${String(health)}`;
      throw new Error(`${cairn.exitCode !== null ? `cairn start exited with ${cairn.exitCode}` : 'not up within 200 s'}; ${seen}; it said:\n${output.slice(-3000)}`);
    }
    health = await get('/healthz').catch((err: Error) => err.message);
    if (workers().length === 2 && health === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 230_000);
afterAll(async () => {
  if (cairn && cairn.exitCode === null) cairn.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const { disconnectDb } = await import('@/services/db/client');
  await disconnectDb();
  await database?.drop();
});

describe('API_PROCESSES', () => {
  it('serves one port from two api processes', async () => {
    expect(workers()).toHaveLength(2);
    // 16 connections held open at once; a process still starting (not listening yet) gets none, so
    // bursts repeat until both hold some (within 60 s).
    let pids = new Set<number>();
    await waitUntil(async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
      await Promise.all(Array.from({ length: 16 }, () => get('/healthz', agent)));
      pids = servingPids();
      agent.destroy();
      return pids.size === 2;
    }, 60_000);
    expect([...pids].sort()).toEqual(workers().sort());
  });

  it("shares a key's rate limit between the two processes without Redis (through the primary)", async () => {
    // Free scaled by 0.025: 5 req/s + a 25-request burst. Each process alone would let 30 through.
    const { key } = await buildKey(await buildOwner());
    const statuses: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 20; i++) {
          const status = await new Promise<number>((resolve, reject) => {
            http.get(`${url}/v1/me`, { agent: false, headers: { authorization: `Bearer ${key}` } }, (res) => (res.resume(), res.on('end', () => resolve(res.statusCode!)))).on('error', reject);
          });
          statuses.push(status);
        }
      }),
    );
    const windows = Math.floor((Date.now() - t0) / 1000) + 1;
    const ok = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(ok).toBeGreaterThanOrEqual(27);
    expect(ok).toBeLessThanOrEqual(Math.ceil((25 + 5 * windows) * 1.1));
    expect(ok).toBeLessThan(48); // per-process counters: 60
  });

  it('replaces an api process killed with SIGKILL while the other keeps serving', async () => {
    const [victim, survivor] = workers();
    process.kill(victim!, 'SIGKILL');
    // A connection handed to the victim before the primary saw it die is reset: clients retry once.
    const retried = (p: string) => get(p).catch(() => get(p));
    for (let i = 0; i < 10; i++) expect(await retried('/healthz')).toBe(200);
    await waitUntil(async () => workers().length === 2 && !workers().includes(victim!) && (await get('/healthz')) === 200, 60_000);
    expect(workers()).toContain(survivor);
  }, 90_000);

  it('stops every api process on SIGTERM', async () => {
    const all = workers();
    const exited = new Promise<number | null>((resolve) => cairn.once('exit', (code) => resolve(code)));
    cairn.kill('SIGTERM');
    expect(await exited).toBe(0);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitUntil(() => all.every((p) => !alive(p)), 20_000);
  }, 40_000);
});
