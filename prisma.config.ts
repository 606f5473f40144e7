// Prisma CLI configuration (Prisma 7 reads connection URLs from here, not from schema.prisma).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

/**
 * When DATABASE_URL is unset: the embedded PostgreSQL of `npm start` (same default as
 * services/config/env.ts; this file is loaded by the Prisma CLI, outside the app's module graph).
 */
export const DEFAULT_DATABASE_URL = `postgresql://cairn:cairn@127.0.0.1:${process.env.EMBEDDED_PG_PORT || 54329}/cairn`;

const root = path.dirname(fileURLToPath(import.meta.url));

// Run the CLI offline: instead of downloading Prisma's native schema engine, spawn our stand-in,
// which drives the WebAssembly build of the same engine (see scripts/prisma-schema-engine.mjs).
// Set while the config loads (the CLI resolves the engine path later), so plain `npx prisma …`
// works. An explicit value from the environment (e.g. a real native engine) wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, 'scripts', 'prisma-schema-engine.mjs');

export default defineConfig({
  // Relative paths are resolved from this file's directory.
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    // No shadowDatabaseUrl: the stand-in creates and drops temporary shadow databases itself.
  },
});
