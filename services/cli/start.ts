// `npm start` / `cairn start`: the whole product in one terminal. Embedded PostgreSQL unless
// DATABASE_URL is set, migrations, demo seed, then web + api + worker, each restarted on its own
// when it crashes (supervise.ts). Ctrl-C stops the app processes first and the database last;
// nothing is left running.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { env, usesEmbeddedDatabase } from '@/services/config/env';
import { createLogger, type Logger } from '@/services/logger';
import { ensureAuthSecret } from './runtime-env';
import { PROJECT_ROOT } from '@/services/paths';
import { buildNext, nextBin, nextBuildIsStale } from './next-build';
import { stopChild, supervise, type ChildSpec, type Supervisor } from './supervise';
import { serverEntry } from '@/services/process/server-entry';

export type ProcessName = 'web' | 'api' | 'worker';
const ROOT = PROJECT_ROOT;

/** Starts the embedded database in its own detached process; resolves when it accepts connections. */
export function spawnEmbeddedDatabase(log: Logger): Promise<{ url: string; stop: () => Promise<void> }> {
  const [cmd, args] = serverEntry('embedded-db');
  const child = spawn(cmd, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
    child.once('message', (msg: { ready: boolean; url?: string; error?: string }) => {
      if (!msg.ready) return reject(new Error(msg.error));
      child.removeAllListeners('exit');
      resolve({ url: msg.url!, stop: () => stopChild(child, 'SIGTERM', 20_000, log) });
    });
  });
}

export async function start(opts: { only?: ProcessName[] } = {}) {
  const e = env();
  const log = createLogger('cairn', e.LOG_LEVEL);
  const only = new Set<ProcessName>(opts.only ?? ['web', 'api', 'worker']);
  const embedded = usesEmbeddedDatabase();
  ensureAuthSecret(e.CAIRN_DATA_DIR);

  const database = embedded ? await spawnEmbeddedDatabase(log) : undefined;
  const databaseUrl = database?.url ?? e.DATABASE_URL;
  // Set once the children run; shutdown (also reached when a start step fails) stops it if there.
  const app: { supervisor?: Supervisor } = {};
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping');
    await app.supervisor?.stop('SIGTERM', 15_000);
    await database?.stop();
    log.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const { migrateDatabase } = await import('@/services/db/migrate');
    await migrateDatabase(databaseUrl);
    log.info('database migrated');
    if (embedded) {
      const { seedDemo } = await import('@/services/demo/seed-demo');
      const demo = await seedDemo();
      if (demo.created) log.info({ workspaceId: demo.workspaceId }, 'demo workspace seeded');
      if (demo.shop && !demo.shop.skipped) {
        log.info({ workspaceId: demo.workspaceId, items: demo.shop.items, users: demo.shop.users, events: demo.shop.events.accepted, ms: demo.shop.ms }, 'demo shop seeded');
      }
      if (demo.workspaceId) {
        const { ensureFirstModel } = await import('@/services/recommend/ensure-first-model');
        const t = Date.now();
        const version = await ensureFirstModel(demo.workspaceId, log);
        if (version) log.info({ workspaceId: demo.workspaceId, version, ms: Date.now() - t }, 'demo recommender trained');
      }
    }
    if (only.has('web') && nextBuildIsStale(ROOT)) {
      log.info('building the dashboard (first start or sources changed; takes a few minutes)');
      await buildNext(ROOT);
    }
  } catch (err) {
    log.error({ err }, 'start failed');
    await shutdown(1);
    return;
  }

  // MODELS_DIR absolute: the web process (a Next.js bundle) cannot resolve paths from its source location.
  const childEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET,
    MODELS_DIR: e.MODELS_DIR,
    // The embedded one-machine mode writes mail to a local file (no mail server): requiring email
    // verification there would lock a trying team out of API keys. Deployments with their own
    // database get the production default (on) unless they say otherwise.
    ...(embedded ? { REQUIRE_EMAIL_VERIFICATION: process.env.REQUIRE_EMAIL_VERIFICATION || 'false' } : {}),
  };
  const specs: ChildSpec[] = [];
  const add = (name: ProcessName, command: string, args: readonly string[]) => only.has(name) && specs.push({ name, command, args });
  add('web', process.execPath, [nextBin(ROOT), 'start', '-p', String(e.WEB_PORT), '-H', e.HOST]);
  // API_PROCESSES api processes behind API_PORT (cluster-main.ts); one when API_PROCESSES=1.
  add('api', ...serverEntry('api'));
  add('worker', ...serverEntry('worker'));
  // The ipc channel lets each child notice when this process is gone and stop (services/process/shutdown.ts).
  app.supervisor = supervise(specs, { log, spawnOptions: { cwd: ROOT, env: childEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] } });

  const lines = [
    '',
    '  Cairn is running',
    ...(only.has('web') ? [`  Dashboard:  ${e.PUBLIC_WEB_URL}`] : []),
    ...(only.has('api') ? [`  API:        ${e.PUBLIC_API_URL}/v1   (reference: ${e.PUBLIC_API_URL}/v1/openapi.json)`] : []),
    `  Database:   ${embedded ? `embedded PostgreSQL, data in ${path.resolve(e.CAIRN_DATA_DIR, 'pg')}` : 'DATABASE_URL'}`,
    ...(embedded ? [`  Demo login: ${e.DEMO_EMAIL} / ${e.DEMO_PASSWORD}`] : []),
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
