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
  // The suite runs on the fast offline models (built from npm packages in seconds, as on a machine
  // without the committed transformer files); test/integration/models/pretrained-models.test.ts
  // runs the default transformer models themselves.
  process.env.EMBEDDING_MODEL ??= 'local:cairn-glove-100d';
  process.env.SENTIMENT_MODEL ??= 'local:cairn-sentiment-cnn';
  return async () => {
    if (!process.env.CAIRN_KEEP_TEST_DB) await db.drop();
  };
}
