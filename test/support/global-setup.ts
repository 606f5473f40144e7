import { createTestDatabase } from './database';

/**
 * Creates and migrates this run's database. Test processes are forked after this runs, so they
 * inherit DATABASE_URL pointing at it.
 */
export default async function setup() {
  const db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.CAIRN_TEST_ADMIN_URL = db.adminUrl;
  process.env.LOG_LEVEL ??= 'warn';
  return async () => {
    if (!process.env.CAIRN_KEEP_TEST_DB) await db.drop();
  };
}
