// At most one holder of a key across every worker process: a PostgreSQL session advisory lock on a
// connection of its own, held while `fn` runs. A second job for the same key waits for the first
// (it does not fail, so it spends no retry); a worker that dies drops its connection and so its
// lock at once (TCP keepalives bound a vanished host to ~30 s, as for job leases).
import pg from 'pg';
import { env } from '@/services/config/env';

/** Advisory lock namespace (first key) of exclusive sections; the second key is hashtext(key). */
const LOCK_SPACE = 0x6378;

export async function exclusively<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: 'cairn-exclusive', keepAlive: true });
  client.on('error', () => undefined); // a lost connection ends the lock; `fn` finishes regardless
  await client.connect();
  try {
    await client.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3');
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_SPACE, key]);
    return await fn();
  } finally {
    await client.end().catch(() => undefined); // closing the session releases the lock
  }
}
