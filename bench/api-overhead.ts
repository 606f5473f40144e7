// bench/api-overhead: req/s and latency of GET /v1/me over HTTP keep-alive (50 connections),
// against the real api process (cached key lookups, request logging on, metrics on). Also
// measures how long a revoked key keeps working. Prints JSON.
//   npm run bench:api [-- --duration 10 --connections 50]
// The load process is wrk (C, `apt-get install wrk`) when installed, else autocannon (Node). On
// 2 cores the load generator shares the CPU with the server, so a lighter one measures the server
// better: a hello-world Fastify here does ~24k req/s under wrk but ~12k under autocannon.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@/test/support/database';
import { PROJECT_ROOT } from '@/services/paths';
import { freePort, modelsSettled } from '@/test/support/api-process';
import { hasWrk, runWrk } from './support/wrk';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } } });

/** wrk's report with an Authorization header. */
const wrkWithKey = (target: string, authorization: string, connections: number, seconds: number) => {
  const r = runWrk(target, { connections, seconds, args: ['-H', `Authorization: ${authorization}`] });
  return { loadTool: 'wrk', ...r, reqPerSec: Math.round(r.reqPerSec) };
};

async function runAutocannon(target: string, headers: Record<string, string>, connections: number, seconds: number) {
  const r = await autocannon({ url: target, headers, connections, duration: seconds });
  return {
    loadTool: 'autocannon',
    requests: r.requests.total,
    reqPerSec: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99 },
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** req/s and latency of `GET /` on a bare Fastify server (a child process) under the same wrk load. */
async function helloWorldBaseline(connections: number) {
  const port = await freePort();
  const code = `const app = require('fastify')(); app.get('/', async () => ({ hello: 'world' })); app.listen({ port: ${port}, host: '127.0.0.1' });`;
  const child = spawn(process.execPath, ['-e', code], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  try {
    for (let i = 0; !(await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false)); i++) {
      if (i > 100) throw new Error('baseline server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    wrkWithKey(`http://127.0.0.1:${port}/`, 'none', connections, 2); // warm-up
    const r = wrkWithKey(`http://127.0.0.1:${port}/`, 'none', connections, 5);
    return { server: 'hello-world Fastify', reqPerSec: r.reqPerSec, latencyMs: r.latencyMs };
  } finally {
    child.kill('SIGTERM');
  }
}

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;
const { provisionWorkspace } = await import('@/services/workspaces/provision-workspace');
const { revokeApiKey } = await import('@/services/api-keys/revoke-api-key');
const { listApiKeys } = await import('@/services/api-keys/list-api-keys');
const { disconnectDb } = await import('@/services/db/client');
const ws = await provisionWorkspace({ name: 'bench', ownerEmail: `bench-${Date.now()}@bench.local`, allowedOrigins: ['http://localhost'] });
// Billing guards stay on, as in production: the workspace is on the Scale plan (no monthly cap in
// the way) and RATE_LIMIT_MULTIPLIER lifts the request rate limits above this load, so every
// request is still rate-limited and metered but none is refused (bench:metering measures their cost).
process.env.RATE_LIMIT_MULTIPLIER ??= '1000';
await (await import('@/services/db/client')).db().workspace.update({ where: { id: ws.workspaceId }, data: { plan: 'scale' } });

const port = await freePort();
const api = spawn(process.execPath, [...(process.env.CAIRN_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/cairn-prof'] : []), '--import', 'tsx', path.join(PROJECT_ROOT, 'services/api/main.ts')], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, DATABASE_URL: database.url, API_PORT: String(port), LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
const headers = { authorization: `Bearer ${ws.secretKey}` };
try {
  // Ready, and done loading its ML models in the background (their start-up CPU would otherwise
  // land in the measurement).
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/readyz`).then(async (r) => r.ok && modelsSettled(await r.json()), () => false);
    if (ok) break;
    if (i > 3000) throw new Error('api did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  // Warm-up (JIT, pools), then the measured run.
  await autocannon({ url: `${url}/v1/me`, headers, connections: 50, duration: 3 });
  const load = hasWrk()
    ? wrkWithKey(`${url}/v1/me`, headers.authorization, Number(values.connections), Number(values.duration))
    : await runAutocannon(`${url}/v1/me`, headers, Number(values.connections), Number(values.duration));

  // Revocation: time from the revoke commit until the api answers 401.
  const keyId = (await listApiKeys(ws.workspaceId)).find((k) => k.type === 'secret')!.id;
  const revokedAt = Date.now();
  await revokeApiKey({ workspaceId: ws.workspaceId, actorUserId: ws.ownerUserId, keyId });
  let revocationMs = -1;
  while (Date.now() - revokedAt < 10_000) {
    if ((await fetch(`${url}/v1/me`, { headers })).status === 401) {
      revocationMs = Date.now() - revokedAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }

  const figures = {
    benchmark: 'api-overhead',
    endpoint: 'GET /v1/me',
    connections: Number(values.connections),
    durationSeconds: Number(values.duration),
    ...load,
    revocationMs,
    // The same load on a hello-world Fastify server on this machine: the ceiling of Node's HTTP
    // here, so figures from machines of different speed can be compared (api / baseline).
    baseline: hasWrk() ? await helloWorldBaseline(Number(values.connections)) : null,
    targets: { reqPerSec: 8000, p99Ms: 10, revocationMs: 5000 },
  };
  process.stdout.write(JSON.stringify({ ...figures, ratioToBaseline: figures.baseline ? Math.round((load.reqPerSec / figures.baseline.reqPerSec) * 100) / 100 : null }, null, 2) + '\n');
} finally {
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  await disconnectDb();
  await database.drop();
}
