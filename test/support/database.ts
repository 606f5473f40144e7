import pg from 'pg';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { migrateDatabase } from '@/services/db/migrate';
import { startEmbeddedDatabase } from '@/services/db/embedded';
import { PROJECT_ROOT } from '@/services/paths';

const LOCAL_ADMIN_URL = 'postgresql://root@127.0.0.1:5432/postgres';
const EMBEDDED_TEST_PORT = 54330;

/** The admin connection used to create throwaway databases (set by resolveAdminUrl). */
export const adminUrl = () => process.env.TEST_DATABASE_URL ?? LOCAL_ADMIN_URL;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * TEST_DATABASE_URL, else the machine's PostgreSQL (127.0.0.1:5432, trust auth), else an embedded
 * PostgreSQL from npm started for this run, so `npm test` works on any machine.
 */
async function resolveAdminUrl(): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL };
  if (!process.env.CAIRN_TEST_EMBEDDED && (await canConnect(LOCAL_ADMIN_URL))) return { url: LOCAL_ADMIN_URL };
  const embedded = await startEmbeddedDatabase({
    dataDir: path.join(PROJECT_ROOT, '.cairn', 'test'),
    port: EMBEDDED_TEST_PORT,
    log: pino({ level: 'warn' }),
  });
  return { url: withDatabase(embedded.url, 'postgres'), stop: embedded.stop };
}

export async function createTestDatabase() {
  const admin = await resolveAdminUrl();
  process.env.TEST_DATABASE_URL = admin.url;
  const name = `cairn_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.url });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = withDatabase(admin.url, name);
  await migrateDatabase(url);
  return {
    url,
    adminUrl: admin.url,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin.url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      await admin.stop?.();
    },
  };
}
