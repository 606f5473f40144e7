// Prisma Client 7 over node-postgres (driver adapter). One client per process, created lazily so
// importing a service never opens a connection.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from '@/services/config/env';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForDb = globalThis as unknown as { cairnDb?: PrismaClient; cairnReplica?: PrismaClient };

const connect = (connectionString: string) => new PrismaClient({ adapter: new PrismaPg({ connectionString, max: env().DB_POOL_SIZE }) });

/** The primary: every write, and every read that must see the latest write. */
export function db(): PrismaClient {
  globalForDb.cairnDb ??= connect(env().DATABASE_URL);
  return globalForDb.cairnDb;
}

/**
 * For reads that may lag a moment (list endpoints, dashboard analytics, model loading): the
 * streaming replica when DATABASE_REPLICA_URL is set, else the primary. A read the API promises
 * after a write (a GET of one item after its PUT) uses db().
 */
export function dbRead(): PrismaClient {
  const url = env().DATABASE_REPLICA_URL;
  if (!url) return db();
  globalForDb.cairnReplica ??= connect(url);
  return globalForDb.cairnReplica;
}

/**
 * A replica read that must not miss a row the primary already has (the model version the settings
 * just named): when `found` says the replica does not have it yet (replication lag), the primary
 * answers instead.
 */
export async function readFresh<T>(read: (client: PrismaClient) => Promise<T>, found: (result: T) => boolean): Promise<T> {
  const client = dbRead();
  const result = await read(client);
  return found(result) || client === db() ? result : read(db());
}

export async function disconnectDb(): Promise<void> {
  const clients = [globalForDb.cairnDb, globalForDb.cairnReplica];
  globalForDb.cairnDb = undefined;
  globalForDb.cairnReplica = undefined;
  await Promise.all(clients.map((c) => c?.$disconnect()));
}
