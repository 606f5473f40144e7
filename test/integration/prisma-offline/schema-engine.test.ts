// The Prisma CLI, run offline through scripts/prisma-schema-engine.mjs (the stand-in for the
// native schema engine that drives @prisma/schema-engine-wasm), against the local PostgreSQL.
//
// Every test works on throwaway databases with unique names that it creates and drops itself, so
// the file can run in parallel with others. Connection for creating/dropping them: TEST_DATABASE_URL,
// else postgresql://root@127.0.0.1:5432/postgres.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const PRISMA_CLI = require.resolve('prisma/build/index.js');
const PRISMA_CONFIG_MODULE = require.resolve('prisma/config');
const STAND_IN = path.join(ROOT, 'scripts', 'prisma-schema-engine.mjs');
const MIGRATIONS = path.join(ROOT, 'prisma', 'migrations');
const SCHEMA = path.join(ROOT, 'prisma', 'schema.prisma');
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';

// ---------------------------------------------------------------------------------------------
// Throwaway databases
// ---------------------------------------------------------------------------------------------

function withDatabase(url: string, database: string, params: Record<string, string> = {}): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  for (const [key, value] of Object.entries(params)) u.searchParams.set(key, value);
  return u.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const createdHere = new Set<string>();

function uniqueName(label: string): string {
  return `cairn_prisma_offline_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

async function createDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = uniqueName(label);
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  createdHere.add(name);
  return { name, url: withDatabase(ADMIN_URL, name) };
}

async function existingDatabases(names: string[]): Promise<string[]> {
  const { rows } = await withClient(ADMIN_URL, (c) =>
    c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = ANY($1)', [names]),
  );
  return rows.map((r) => r.datname);
}

afterAll(async () => {
  // Only databases this file created (the stand-in's own temporary ones are checked per test).
  for (const name of createdHere) {
    await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
});

async function tablesIn(url: string): Promise<string[]> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    ),
  );
  return rows.map((r) => r.table_name);
}

// ---------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------

type Run = { code: number | null; stdout: string; stderr: string; output: string };

function run(command: string, args: string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, output: stdout + stderr }));
  });
}

/**
 * Runs `prisma <args>` with the stand-in as schema engine. Its debug log (forwarded by the CLI
 * through DEBUG=prisma:schemaEngine:stderr) names every temporary database it creates.
 */
function prisma(args: string[], databaseUrl: string, cwd = ROOT): Promise<Run> {
  return run(process.execPath, [PRISMA_CLI, ...args], {
    DATABASE_URL: databaseUrl,
    PRISMA_SCHEMA_ENGINE_BINARY: STAND_IN,
    PRISMA_STANDIN_DEBUG: '1',
    DEBUG: 'prisma:schemaEngine:stderr',
  }, cwd);
}

function temporaryDatabasesCreated(run: Run): string[] {
  return [...run.stderr.matchAll(/created database (prisma_migrate_\w+)/g)].map((m) => m[1]!);
}

/** The stand-in invoked directly, the way the CLI runs `cli <command>`. */
function standIn(args: string[]): Promise<Run> {
  return run(process.execPath, [STAND_IN, ...args], {});
}

/** A copy of the schema and migrations in a temp dir with its own prisma.config.ts, so commands
 * that may write files (migrate dev) can never touch the repository. */
async function scratchProject(schemaExtra = ''): Promise<{ dir: string; config: string; schema: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cairn-prisma-offline-'));
  const schema = path.join(dir, 'schema.prisma');
  await fs.writeFile(schema, (await fs.readFile(SCHEMA, 'utf8')) + schemaExtra);
  await fs.cp(MIGRATIONS, path.join(dir, 'migrations'), { recursive: true });
  const config = path.join(dir, 'prisma.config.ts');
  await fs.writeFile(
    config,
    `import { defineConfig } from ${JSON.stringify(PRISMA_CONFIG_MODULE)};\n` +
      `export default defineConfig({\n` +
      `  schema: 'schema.prisma',\n` +
      `  migrations: { path: 'migrations' },\n` +
      `  datasource: { url: process.env.DATABASE_URL },\n` +
      `});\n`,
  );
  return { dir, config, schema };
}

const migrationNames = async () =>
  (await fs.readdir(MIGRATIONS, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);

// Each Prisma CLI run costs ~2.5 s of CPU: a test takes 3-15 s on an idle machine, but several
// times that on a small CI box busy with other test files.
const CLI_TIMEOUT = 120_000;

const MODEL_TABLES = ['ApiKey', 'AuditLog', 'Invitation', 'Membership', 'UsageRecord', 'User', 'Workspace'];

// ---------------------------------------------------------------------------------------------

describe.concurrent('Prisma CLI offline through the WASM schema engine stand-in', () => {
  it('reports the WASM engine as its schema engine, at the hash the CLI expects', async () => {
    const { code, stdout } = await standIn(['--version']);
    expect(code).toBe(0);
    const expected = require('@prisma/engines-version/package.json').prisma.enginesVersion as string;
    expect(stdout).toContain(`schema-engine-cli ${expected}`);
  });

  it('answers can-connect-to-database, create-database and drop-database', async () => {
    const name = uniqueName('cli');
    createdHere.add(name); // dropped in afterAll should an assertion fail half-way
    const datasource = JSON.stringify({ url: withDatabase(ADMIN_URL, name) });
    const cli = (command: string) => standIn(['--datasource', datasource, 'cli', command]);

    const missing = await cli('can-connect-to-database');
    expect(missing.code).toBe(1);
    // The CLI skips the first stderr line and reads the error code from the JSON lines after it.
    const errorLine = missing.stderr.trim().split('\n').slice(1).map((l) => JSON.parse(l)).find((l) => l.level === 'ERROR');
    expect(errorLine.fields.error_code).toBe('P1003');

    expect((await cli('create-database')).code).toBe(0);
    expect(await existingDatabases([name])).toEqual([name]);
    expect((await cli('can-connect-to-database')).code).toBe(0);
    expect((await cli('drop-database')).code).toBe(0);
    expect(await existingDatabases([name])).toEqual([]);
  }, CLI_TIMEOUT);

  it('migrate deploy applies the migrations to a fresh database, then migrate status is up to date', async () => {
    const db = await createDatabase('deploy');

    const deploy = await prisma(['migrate', 'deploy'], db.url);
    expect(deploy.code, deploy.output).toBe(0);
    expect(await tablesIn(db.url)).toEqual(expect.arrayContaining([...MODEL_TABLES, '_prisma_migrations']));
    const applied = await withClient(db.url, (c) =>
      c.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1'),
    );
    expect(applied.rows.map((r) => r.migration_name)).toEqual((await migrationNames()).sort());

    const status = await prisma(['migrate', 'status'], db.url);
    expect(status.code, status.output).toBe(0);
    expect(status.stdout).toContain('Database schema is up to date');
  }, CLI_TIMEOUT);

  it('migrate diff --exit-code exits 0 when migrations and schema agree (main database need not exist)', async () => {
    const missing = uniqueName('diff0');
    const diff = await prisma(
      ['migrate', 'diff', '--from-migrations', MIGRATIONS, '--to-schema', SCHEMA, '--exit-code'],
      withDatabase(ADMIN_URL, missing),
    );
    expect(diff.code, diff.output).toBe(0);
    expect(diff.stdout).toContain('No difference detected');
    // Neither the main database was created, nor any temporary database left behind.
    const temporary = temporaryDatabasesCreated(diff);
    expect(temporary.length).toBeGreaterThan(0); // replayed the migrations on a shadow database
    expect(await existingDatabases([missing, ...temporary])).toEqual([]);
  }, CLI_TIMEOUT);

  it('migrate diff --exit-code exits 2 when the schema has changes the migrations lack', async () => {
    const db = await createDatabase('diff2');
    const project = await scratchProject('\nmodel OfflineDiffProbe {\n  id String @id\n}\n');
    try {
      const diff = await prisma(
        ['migrate', 'diff', '--from-migrations', MIGRATIONS, '--to-schema', project.schema, '--exit-code'],
        db.url,
      );
      expect(diff.code, diff.output).toBe(2);
      expect(diff.stdout).toContain('OfflineDiffProbe');
      expect(await existingDatabases(temporaryDatabasesCreated(diff))).toEqual([]);
      expect(await tablesIn(db.url)).toEqual([]); // the main database was only looked at
    } finally {
      await fs.rm(project.dir, { recursive: true, force: true });
    }
  }, CLI_TIMEOUT);

  it('DATA SAFETY: shadow-database work and reset on database X touch neither X\'s data nor database Y', async () => {
    const x = await createDatabase('x');
    const y = await createDatabase('y');
    // X's URL carries query parameters on purpose: with a connectionString, pg would ignore an
    // overridden database name and the "shadow" database would silently be X itself.
    const xUrl = withDatabase(ADMIN_URL, x.name, { application_name: 'cairn-offline-test', connect_timeout: '10' });
    await withClient(y.url, async (c) => {
      await c.query('CREATE TABLE keep_me (id int PRIMARY KEY, note text NOT NULL)');
      await c.query("INSERT INTO keep_me VALUES (1, 'precious')");
    });
    const yRows = async () => (await withClient(y.url, (c) => c.query('SELECT id, note FROM keep_me'))).rows;
    const xWorkspaces = async () =>
      (await withClient(x.url, (c) => c.query<{ id: string }>('SELECT id FROM "Workspace"'))).rows.map((r) => r.id);

    const project = await scratchProject();
    try {
      // migrate dev on the empty X: applies the migrations; drift checks and data-loss evaluation
      // replay them on shadow databases (on a fresh database, data-loss evaluation is the step
      // that once failed for want of a shadow-database factory).
      const dev = await prisma(['migrate', 'dev', '--config', project.config], xUrl, project.dir);
      expect(dev.code, dev.output).toBe(0);
      expect(await tablesIn(x.url)).toEqual(expect.arrayContaining(MODEL_TABLES));
      await withClient(x.url, (c) => c.query(`INSERT INTO "Workspace" (id, name) VALUES ('ws_safety', 'Safety')`));

      // Replaying the migrations on a shadow database while X holds data: had the "shadow"
      // database been X, this would fail on existing tables or wipe them.
      const diff = await prisma(
        ['migrate', 'diff', '--config', project.config, '--from-migrations', 'migrations', '--to-schema', 'schema.prisma', '--exit-code'],
        xUrl,
        project.dir,
      );
      expect(diff.code, diff.output).toBe(0);
      expect(await xWorkspaces()).toEqual(['ws_safety']);

      // reset empties X (and re-applies the migrations) but nothing else.
      const reset = await prisma(['migrate', 'reset', '--force', '--config', project.config], xUrl, project.dir);
      expect(reset.code, reset.output).toBe(0);
      expect(await xWorkspaces()).toEqual([]);
      expect(await tablesIn(x.url)).toEqual(expect.arrayContaining(MODEL_TABLES));
      expect(await yRows()).toEqual([{ id: 1, note: 'precious' }]);

      // Every temporary database the stand-in made was a new one, and is gone again.
      const temporary = [dev, diff, reset].flatMap(temporaryDatabasesCreated);
      expect(temporaryDatabasesCreated(dev).length).toBeGreaterThan(0);
      expect(temporaryDatabasesCreated(diff).length).toBeGreaterThan(0);
      expect(temporary).not.toContain(x.name);
      expect(await existingDatabases(temporary)).toEqual([]);
      expect((await existingDatabases([x.name, y.name])).sort()).toEqual([x.name, y.name].sort());
    } finally {
      await fs.rm(project.dir, { recursive: true, force: true });
    }
  }, CLI_TIMEOUT);
});
