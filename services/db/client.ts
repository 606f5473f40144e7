// Prisma Client 7 over node-postgres (driver adapter). One client per process, created lazily so
// importing a service never opens a connection.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from '@/services/config/env';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForDb = globalThis as unknown as { cairnDb?: PrismaClient };

export function db(): PrismaClient {
  if (!globalForDb.cairnDb) {
    const e = env();
    globalForDb.cairnDb = new PrismaClient({
      adapter: new PrismaPg({ connectionString: e.DATABASE_URL, max: e.DB_POOL_SIZE }),
    });
  }
  return globalForDb.cairnDb;
}

export async function disconnectDb(): Promise<void> {
  const client = globalForDb.cairnDb;
  globalForDb.cairnDb = undefined;
  await client?.$disconnect();
}
