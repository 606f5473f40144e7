#!/usr/bin/env node
// CI check: fails when prisma/migrations and prisma/schema.prisma disagree, i.e. when someone
// changed the schema but did not create the migration (or edited a migration by hand).
//
// It replays the migrations on a temporary shadow database and compares the result with the
// schema (`prisma migrate diff --exit-code`: 0 in sync, 2 differences, 1 error). Needs a
// PostgreSQL server reachable through DATABASE_URL (default in prisma.config.ts) with a role
// that may CREATE DATABASE; the database named in the URL itself need not exist.
//
// Usage: node scripts/check-migrations.mjs

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

const { status, error } = spawnSync(
  process.execPath,
  [prismaCli, 'migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
  { cwd: root, stdio: 'inherit' },
);

if (error) throw error;
if (status === 0) {
  console.log('Migrations are in sync with prisma/schema.prisma.');
} else if (status === 2) {
  console.error(
    '\nprisma/schema.prisma and prisma/migrations disagree (differences above, from the migrations to the schema).\n' +
      'Create the missing migration with: npx prisma migrate dev --name <what-changed>',
  );
} else {
  console.error(`\nCould not compare migrations and schema (prisma migrate diff exited with ${status}).`);
}
process.exit(status ?? 1);
