#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` executable.
//
// Why this exists: every Prisma 7 CLI command first tries to download the native schema engine
// from binaries.prisma.sh, which fails on machines without internet. Prisma also publishes the
// same engine compiled to WebAssembly on npm (@prisma/schema-engine-wasm), driven through a
// driver adapter (@prisma/adapter-pg). prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY at this
// file, so the CLI spawns it exactly like the native binary:
//
//   schema-engine --version                                   -> print the version, exit
//   schema-engine --datasource '{"url":…}' cli <command>      -> one-shot command, exit code
//   schema-engine [--datamodels PATH]… --datasource '{…}'     -> line-delimited JSON-RPC on stdio
//
// The JSON-RPC requests are answered by the WASM engine. Logs go to stderr as JSON lines (the CLI
// parses them), responses go to stdout. Nothing else may be written to stdout.
//
// Safety rules (lessons from the first offline trial, each of which cost data or a run):
// - Connections are always built from separate host/user/password/database fields, never from a
//   connectionString: pg ignores an overridden `database` when given a connectionString, which once
//   made a "shadow" database silently be the main one (and migrate's reset wiped it).
// - Shadow databases are created and dropped here, with freshly generated names only; before a
//   shadow database is handed to the engine we check the server really connected us to it; we only
//   ever drop databases this process created; pools are closed before dropping.
//
// Keep this plain ESM JavaScript: it must start fast and without tsx.

import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Small helpers: logging in the engine's format
// ---------------------------------------------------------------------------------------------

const LOG_TARGET = 'schema_engine::logger'; // the CLI looks for ERROR lines from this target
const DEBUG = /^(1|true|yes)$/i.test(process.env.PRISMA_STANDIN_DEBUG ?? '');

/** Writes one JSON log line to stderr, shaped like the native engine's tracing output. */
function log(level, message, fields = {}) {
  process.stderr.write(JSON.stringify({ level, target: LOG_TARGET, fields: { message, ...fields } }) + '\n');
}

function debug(message, fields) {
  if (DEBUG) log('DEBUG', message, fields);
}

// Strip the Rust span trace ("   0: sql_schema_connector::…") the WASM build appends to some
// messages; the native engine does not show it to users. Kept in the debug log instead.
function userMessage(error) {
  const message = String(error?.message ?? error);
  const cut = message.search(/\n\s+0: /);
  return cut === -1 ? message : message.slice(0, cut);
}

// ---------------------------------------------------------------------------------------------
// Command line: the same arguments the CLI gives the native binary
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cliCommand: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--version':
      case '-V':
        args.version = true;
        break;
      case '--datamodels':
        args.datamodels.push(argv[++i]);
        break;
      case '--datasource':
        args.datasource = JSON.parse(argv[++i]);
        break;
      // Accepted for compatibility; the WASM engine reads preview features from the schema.
      case '--enabled-preview-features':
      case '--extension-types':
        i++;
        break;
      case 'cli':
        args.cliCommand = argv[++i];
        break;
      default:
        throw new Error(`Unexpected argument: ${arg}`);
    }
  }
  return args;
}

// ---------------------------------------------------------------------------------------------
// Loading the dependencies (resolved from this project's node_modules)
// ---------------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);

/** Loads @prisma/schema-engine-wasm by hand: its entry point imports the .wasm file as an ES
 * module, which Node 20 only allows behind --experimental-wasm-modules. */
async function loadWasmEngine() {
  const bgUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(bgUrl);
  const wasmPath = path.join(path.dirname(fileURLToPath(bgUrl)), 'schema_engine_bg.wasm');
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
    './schema_engine_bg.js': bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  // The engine's panic hook reports the panic message here (global.PRISMA_WASM_PANIC_REGISTRY).
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: undefined,
    set_message(message) {
      this.message = message;
    },
  };
  return bg;
}

/** The engines hash the installed CLI expects (to warn when the pinned versions drift apart). */
function expectedEnginesHash() {
  try {
    return require('@prisma/engines-version/package.json').prisma.enginesVersion;
  } catch {
    return undefined;
  }
}

// pg-connection-string is resolved through pg itself: it is pg's dependency, not the project's.
const pg = require('pg');
const { parse: parseConnectionString } = createRequire(require.resolve('pg'))('pg-connection-string');

// ---------------------------------------------------------------------------------------------
// Connection targets: always separate fields, never a connectionString
// ---------------------------------------------------------------------------------------------

/**
 * Parses a postgres:// URL into a database-less server description plus the database name.
 * `pgConfig(target, database)` then builds a pg config for any database on that server, and the
 * database is always an explicit field that nothing can override.
 */
function parseTarget(url) {
  if (typeof url !== 'string' || url === '') {
    throw Object.assign(new Error('No datasource URL was given to the schema engine (set datasource.url in prisma.config.ts).'), { code: 'P1012' });
  }
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error(`The offline schema engine stand-in only supports postgresql:// URLs, got "${url.split(':')[0]}:".`);
  }
  const parsed = parseConnectionString(url);
  const { database, schema, host, port, user, password } = parsed;
  const server = {
    host: host || undefined,
    port: port ? Number(port) : undefined,
    user: user || undefined,
    // An empty password means "none": leave it undefined so pg can fall back to PGPASSWORD/.pgpass.
    password: password || undefined,
    ssl: parsed.ssl,
    application_name: parsed.application_name ?? 'prisma-schema-engine-standin',
    connectionTimeoutMillis: parsed.connect_timeout ? Number(parsed.connect_timeout) * 1000 : 10_000,
  };
  // Like the native engine, `?schema=` selects the schema: make it the search_path so unqualified
  // migration SQL lands where the engine looks.
  if (schema) server.options = `-c search_path="${schema.replaceAll('"', '""')}"`;
  return {
    url,
    server,
    database: database || 'postgres',
    schema: schema || undefined,
    location: host?.startsWith('/') ? `unix:${host}` : `${host || 'localhost'}:${port || 5432}`,
  };
}

/** A pg config for `database` on the target's server. The only way configs are built here. */
function pgConfig(target, database) {
  return { ...target.server, database };
}

function quoteIdent(name) {
  return '"' + String(name).replaceAll('"', '""') + '"';
}

/** Runs `fn` with a single client connected to `database` on the target's server. */
async function withClient(target, database, fn) {
  const client = new pg.Client(pgConfig(target, database));
  client.on('error', () => {}); // errors surface through the awaited calls below
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** For CREATE/DROP DATABASE we need a connection to some other database on the same server. */
async function withMaintenanceClient(target, fn) {
  let lastError;
  for (const database of ['postgres', 'template1']) {
    if (database === target.database) continue;
    try {
      return await withClient(target, database, fn);
    } catch (error) {
      if (error?.code !== '3D000') throw error; // only "database does not exist" moves on
      lastError = error;
    }
  }
  throw lastError;
}

// Maps pg / socket errors to the P-codes the native engine uses, so the CLI reacts the same way
// (e.g. `migrate dev` creates the database on P1003).
function toEngineError(error, target) {
  const db = target?.database;
  const at = target?.location;
  const wrap = (code, message) => Object.assign(new Error(message), { code, cause: error });
  switch (error?.code) {
    case '3D000':
      return wrap('P1003', `Database \`${db}\` does not exist on the database server at \`${at}\`.`);
    case '28P01':
    case '28000':
      return wrap('P1000', `Authentication failed against database server at \`${at}\`, the provided database credentials for \`${target?.server.user ?? ''}\` are not valid.`);
    case '42501':
      return wrap('P1010', `User \`${target?.server.user ?? ''}\` was denied access on the database \`${db}\``);
    case '42P04':
      return wrap('P1009', `Database \`${db}\` already exists on the database server at \`${at}\``);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ENOENT':
      return wrap('P1001', `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.`);
    default:
      return error;
  }
}

// ---------------------------------------------------------------------------------------------
// Adapter fixes (applied to every adapter/transaction before the engine sees it)
// ---------------------------------------------------------------------------------------------

// adapter-pg cannot deserialise some catalog column types the engine's introspection queries
// select (prisma/prisma#27403): "char" (pg_class.relkind, pg_constraint.contype, …) and a few
// reg* / internal types. pg already returns them as text strings, so relabelling the column's
// type OID as text is enough. (`name`, OID 19, is already mapped to text by adapter-pg.)
const TEXT_OID = 25;
const RELABEL_AS_TEXT = new Set([
  18, // "char"
  19, // name
  24, // regproc
  194, // pg_node_tree
  2202, // regprocedure
  2205, // regclass
  2206, // regtype
  4089, // regnamespace
]);

function patchQueryable(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields ?? []) {
      if (RELABEL_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  return queryable;
}

// The engine reduces a failing script's database error to a generic kind ("No such table: x");
// keep PostgreSQL's own error to report it the way the native engine does (see migrationFailed).
let lastScriptError;

function patchAdapter(adapter) {
  patchQueryable(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => patchQueryable(await startTransaction(...args));
  // adapter-pg's executeScript splits the script on every ";" (even inside string literals or
  // function bodies) and runs the pieces one by one. Send it whole instead, as the native engine
  // does: one simple-protocol query, so a migration also runs as a single implicit transaction.
  adapter.executeScript = async (script) => {
    try {
      await adapter.client.query(script);
    } catch (error) {
      lastScriptError = error;
      adapter.onError(error);
    }
  };
  return adapter;
}

// ---------------------------------------------------------------------------------------------
// Temporary databases (shadow databases, and the scratch database of an offline diff)
// ---------------------------------------------------------------------------------------------

const SHADOW_PREFIX = 'prisma_migrate_shadow_db_';
const SCRATCH_PREFIX = 'prisma_migrate_scratch_db_';

/**
 * Creates databases with fresh random names on the target's server and drops them again. It only
 * ever drops names it created itself (and only with one of the prefixes above), and closes its own
 * pool on a database before dropping it (else: "database is being accessed by other users").
 */
class TemporaryDatabases {
  constructor(target) {
    this.target = target;
    this.pools = new Map(); // name -> pg.Pool connected to it, for every database we created
  }

  /** Creates a database and returns a pool proven to be connected to exactly that database. */
  async create(prefix) {
    const name = prefix + crypto.randomUUID().replaceAll('-', '_'); // 26 + 36 chars, < 63
    await withMaintenanceClient(this.target, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
    const pool = new pg.Pool(pgConfig(this.target, name));
    pool.on('error', (error) => debug(`pool error on ${name}: ${error.message}`));
    this.pools.set(name, pool);
    debug(`created database ${name}`);
    try {
      // Belt and braces against the connectionString pitfall: prove we are in the new database.
      const { rows } = await pool.query('SELECT current_database() AS db');
      if (rows[0]?.db !== name) {
        throw new Error(`Refusing to use temporary database "${name}": the server connected us to "${rows[0]?.db}".`);
      }
    } catch (error) {
      await this.drop(name);
      throw error;
    }
    return { name, pool };
  }

  async drop(name) {
    const pool = this.pools.get(name);
    if (!pool || !(name.startsWith(SHADOW_PREFIX) || name.startsWith(SCRATCH_PREFIX))) return; // not ours
    this.pools.delete(name);
    await pool.end().catch(() => {});
    await withMaintenanceClient(this.target, async (client) => {
      try {
        // FORCE (PostgreSQL 13+) also ends connections we may have missed; the name is ours.
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } catch (error) {
        if (error?.code !== '42601') throw error; // syntax error: server older than 13
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      }
    });
    debug(`dropped database ${name}`);
  }

  async dropAll() {
    for (const name of [...this.pools.keys()]) {
      await this.drop(name).catch((error) => log('WARN', `Could not drop temporary database ${name}: ${error.message}`));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The driver adapter factory handed to the WASM engine
// ---------------------------------------------------------------------------------------------

/**
 * A migration-aware adapter factory: `connect()` opens the main database, `connectToShadowDb()`
 * creates a fresh temporary database and connects to it. The engine uses the shadow database for
 * migrate dev, diff --from-migrations, drift detection and data-loss evaluation.
 *
 * (adapter-pg's own PrismaPg.connectToShadowDb is not used: it overrides `database` next to a
 * possible connectionString, and drops the database before closing its pool.)
 */
class StandInAdapterFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';

  constructor(target, temporaryDatabases, PrismaPg) {
    this.target = target;
    this.temporaryDatabases = temporaryDatabases;
    this.PrismaPg = PrismaPg;
    this.mainAdapters = new Set();
  }

  adapterOptions() {
    return {
      schema: this.target.schema,
      onPoolError: (error) => debug(`idle pool client error: ${error.message}`),
      onConnectionError: (error) => debug(`pool connection error: ${error.message}`),
    };
  }

  async connect() {
    const factory = new this.PrismaPg(pgConfig(this.target, this.target.database), this.adapterOptions());
    const adapter = patchAdapter(await factory.connect());
    this.mainAdapters.add(adapter);
    return adapter;
  }

  async connectToShadowDb() {
    const { name, pool } = await this.temporaryDatabases.create(SHADOW_PREFIX);
    // Hand adapter-pg our pool, so it uses exactly this connection. The engine disposes the adapter
    // when it is done with the shadow database: then close the pool and drop the database.
    const factory = new this.PrismaPg(pool, { ...this.adapterOptions(), disposeExternalPool: false });
    const adapter = patchAdapter(await factory.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.temporaryDatabases.drop(name);
    };
    return adapter;
  }

  /** Closes the main database pools (the engine never disposes its main connection itself). */
  async close() {
    for (const adapter of this.mainAdapters) await adapter.dispose().catch(() => {});
    this.mainAdapters.clear();
  }
}

async function createEngine(bg, target, temporaryDatabases, datamodelPaths) {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const factory = new StandInAdapterFactory(target, temporaryDatabases, PrismaPg);
  // Like the native binary, read the schema files named by --datamodels (relative to our cwd).
  const datamodels = datamodelPaths.map((file) => [file, fs.readFileSync(file, 'utf8')]);
  const forwardLog = (line) => {
    // The engine logs JSON lines in the native format already; pass them through to the CLI.
    process.stderr.write(String(line).trimEnd() + '\n');
  };
  try {
    const engine = await bg.SchemaEngine.new(
      { datamodels: datamodels.length ? datamodels : undefined },
      forwardLog,
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return { engine, factory };
  } catch (error) {
    await factory.close();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// `cli <command>` mode: can-connect-to-database, create-database, drop-database
// ---------------------------------------------------------------------------------------------

async function canConnect(target) {
  await withClient(target, target.database, (client) => client.query('SELECT 1'));
  return `Connection to database \`${target.database}\` at \`${target.location}\` succeeded.`;
}

async function createDatabase(target) {
  await withMaintenanceClient(target, (client) => client.query(`CREATE DATABASE ${quoteIdent(target.database)}`));
  return `Database '${target.database}' was successfully created.`;
}

async function dropDatabase(target) {
  await withMaintenanceClient(target, (client) => client.query(`DROP DATABASE ${quoteIdent(target.database)}`));
  return `The database '${target.database}' was successfully dropped.`;
}

const CLI_COMMANDS = {
  'can-connect-to-database': canConnect,
  'create-database': createDatabase,
  'drop-database': dropDatabase,
};

async function runCliCommand(command, datasource) {
  // The CLI skips the first stderr line and parses every further one as JSON.
  log('INFO', `schema engine stand-in: cli ${command}`);
  let target;
  try {
    const run = CLI_COMMANDS[command];
    if (!run) throw new Error(`Unknown cli command: ${command}`);
    target = parseTarget(datasource?.url);
    const message = await run(target);
    process.stdout.write(message + '\n');
    return 0;
  } catch (rawError) {
    const error = toEngineError(rawError, target);
    log('ERROR', userMessage(error), error.code?.startsWith?.('P') ? { error_code: error.code } : {});
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC mode
// ---------------------------------------------------------------------------------------------

const SCHEMA_FILTER_NONE = { externalTables: [], externalEnums: [] };

// evaluateDataLoss and createMigration need the schema the migrations produce. The WASM engine
// computes it on a shadow database only in diagnoseMigrationHistory/devDiagnostic (which get the
// adapter factory) and caches it; the other two only read that cache and otherwise fail with
// "PostgreSQL shadow DB must be provided through an external factory" (e.g. `migrate dev` on a
// fresh database with existing migrations: devDiagnostic saw no applied migrations, so nothing
// was cached). Then fill the cache through diagnoseMigrationHistory and try once more.
const NEEDS_SHADOW_FACTORY = /shadow DB must be provided through an external factory/i;

async function withMigrationsSchemaCached(engine, params, call) {
  try {
    return await call();
  } catch (error) {
    if (!NEEDS_SHADOW_FACTORY.test(error?.message ?? '') || !params?.migrationsList) throw error;
    debug('migrations schema not cached yet: computing it on a shadow database');
    await engine.diagnoseMigrationHistory({
      migrationsList: params.migrationsList,
      optInToShadowDatabase: true,
      filters: params.filters ?? SCHEMA_FILTER_NONE,
    });
    return call();
  }
}

/** A diff between migrations / schema files / nothing: it needs no live database of the user's. */
function isOfflineDiff(method, params) {
  const offline = ['empty', 'schemaDatamodel', 'migrations'];
  return method === 'diff' && offline.includes(params?.from?.tag) && offline.includes(params?.to?.tag);
}

/** RPC methods the CLI sends (see class SchemaEngineCLI in prisma/build/cli.js), mapped to the
 * WASM engine. `session.engine()` opens the engine on first use. */
const RPC_METHODS = {
  applyMigrations: async (session, p) => (await session.engine()).applyMigrations(p),
  createMigration: async (session, p) => {
    const engine = await session.engine();
    return withMigrationsSchemaCached(engine, p, () => engine.createMigration(p));
  },
  devDiagnostic: async (session, p) => (await session.engine()).devDiagnostic(p),
  diagnoseMigrationHistory: async (session, p) => (await session.engine()).diagnoseMigrationHistory(p),
  diff: async (session, p) => (await session.engine()).diff(p),
  ensureConnectionValidity: async (session, p) => (await session.engine()).ensureConnectionValidity(p),
  evaluateDataLoss: async (session, p) => {
    const engine = await session.engine();
    return withMigrationsSchemaCached(engine, p, () => engine.evaluateDataLoss(p));
  },
  getDatabaseVersion: async (session) => (await session.engine()).version(),
  introspect: async (session, p) => (await session.engine()).introspect(p),
  introspectSql: async (session, p) => (await session.engine()).introspectSql(p),
  markMigrationApplied: async (session, p) => (await session.engine()).markMigrationApplied(p),
  markMigrationRolledBack: async (session, p) => (await session.engine()).markMigrationRolledBack(p),
  reset: async (session, p) => (await session.engine()).reset(p ?? { filter: SCHEMA_FILTER_NONE }),
  schemaPush: async (session, p) => (await session.engine()).schemaPush(p),
  debugPanic: async (session) => (await session.engine()).debugPanic(),

  // The WASM engine always runs scripts on its main connection. Refuse another target rather than
  // silently running the script against the wrong database.
  dbExecute: async (session, p) => {
    const type = p?.datasourceType;
    if (type?.tag === 'url' && type.url !== session.target.url) {
      throw new Error('db execute against a URL other than the configured datasource is not supported by the offline schema engine stand-in.');
    }
    return (await session.engine()).dbExecute(p);
  },

  // Not implemented by the WASM engine: done here, like `cli create-database`.
  createDatabase: async (session, p) => {
    const ds = p?.datasource;
    const target = ds?.tag === 'ConnectionString' ? parseTarget(ds.url) : session.target;
    try {
      await createDatabase(target);
    } catch (error) {
      throw toEngineError(error, target);
    }
    return { databaseName: target.database };
  },
};

/**
 * A migration script failed: the WASM engine's error says only "external connector error" plus a
 * span trace naming the migration. Rebuild the native engine's P3018 message from the trace and
 * the PostgreSQL error we kept.
 */
function migrationFailed(error, dbError) {
  const name = /apply_migration::apply_script\s+with migration_name="([^"]+)"/.exec(String(error?.message))?.[1];
  if (!name) return error;
  const lines = [
    'A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve',
    '',
    `Migration name: ${name}`,
  ];
  if (dbError?.code) lines.push('', `Database error code: ${dbError.code}`);
  if (dbError?.message) {
    lines.push('', 'Database error:', `ERROR: ${dbError.message}`);
    if (dbError.detail) lines.push(`DETAIL: ${dbError.detail}`);
    if (dbError.hint) lines.push(`HINT: ${dbError.hint}`);
    if (dbError.position) lines.push(`POSITION: ${dbError.position}`);
  } else {
    lines.push('', userMessage(error));
  }
  return Object.assign(new Error(lines.join('\n')), { code: 'P3018', meta: { migration_name: name } });
}

/** The JSON-RPC error shape of the native engine: the CLI reads error.data.{message,error_code}. */
function rpcError(error, isPanic) {
  const data = { is_panic: isPanic, message: userMessage(error) };
  if (typeof error?.code === 'string' && /^P\d{4}$/.test(error.code)) data.error_code = error.code;
  if (error?.meta !== undefined) data.meta = error.meta;
  if (isPanic) data.error = { message: data.message };
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

/** One engine per process, opened on the first request that needs it. */
class Session {
  constructor(bg, args) {
    this.bg = bg;
    this.args = args;
    this.opened = undefined; // Promise<{engine, factory}>
    this.onScratchDatabase = false;
    this.request = undefined; // the request being handled
  }

  get target() {
    this._target ??= parseTarget(this.args.datasource?.url);
    return this._target;
  }

  get temporaryDatabases() {
    this._temporaryDatabases ??= new TemporaryDatabases(this.target);
    return this._temporaryDatabases;
  }

  async engine() {
    const { method, params } = this.request ?? {};
    if (this.onScratchDatabase && !isOfflineDiff(method, params)) throw this.missingDatabaseError;
    this.opened ??= this.open(method, params).catch((error) => {
      this.opened = undefined; // a later request may retry
      throw error;
    });
    return (await this.opened).engine;
  }

  async open(method, params) {
    const { bg, target, temporaryDatabases } = this;
    try {
      return await createEngine(bg, target, temporaryDatabases, this.args.datamodels);
    } catch (error) {
      // The WASM engine's connection errors carry no P-code: probe with pg for the precise error
      // the CLI expects (P1001 unreachable, P1003 no such database, ...).
      const probe = await canConnect(target).then(
        () => undefined,
        (probeError) => toEngineError(probeError, target),
      );
      if (probe?.code === 'P1003' && isOfflineDiff(method, params)) {
        // `migrate diff` between migrations and schema files (the CI check) does not need the main
        // database, which may not exist yet: run the engine on an empty scratch database instead.
        this.missingDatabaseError = probe;
        this.onScratchDatabase = true;
        const { name } = await temporaryDatabases.create(SCRATCH_PREFIX);
        debug(`main database ${target.database} does not exist: diffing on scratch database ${name}`);
        return createEngine(bg, { ...target, database: name }, temporaryDatabases, this.args.datamodels);
      }
      throw probe ?? error;
    }
  }

  /** Closes our pools, then drops every temporary database still there. */
  async close() {
    const opened = await this.opened?.catch(() => undefined);
    await opened?.factory.close();
    await this._temporaryDatabases?.dropAll();
  }
}

async function runRpcServer(args) {
  const bg = await loadWasmEngine();
  checkEnginesHash(bg);
  // The CLI gives the config's datasource ({url, shadowDatabaseUrl}) on the command line.
  if (args.datasource?.shadowDatabaseUrl) {
    log('WARN', 'datasource.shadowDatabaseUrl is ignored by the offline schema engine stand-in: it creates and drops a temporary shadow database on the main server instead.');
  }
  const session = new Session(bg, args);
  const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
  let panicked = false;

  async function handle(request) {
    const { id, method, params } = request;
    const started = performance.now();
    debug(`rpc request ${method}`, { id });
    session.request = request;
    lastScriptError = undefined;
    try {
      const fn = Object.hasOwn(RPC_METHODS, method) ? RPC_METHODS[method] : undefined;
      if (!fn) {
        send({ jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${method}` } });
        return;
      }
      const result = await fn(session, params);
      // The native engine prints the diff through a `print` request to the CLI (which writes it to
      // stdout, or to the --output file); the WASM engine returns it instead. Forward it the native
      // way, before the response.
      if (method === 'diff' && typeof result?.stdout === 'string') {
        send({ jsonrpc: '2.0', id: `print-${id}`, method: 'print', params: { content: result.stdout.replace(/\n$/, '') } });
        result.stdout = null;
      }
      // A void result must still be present, or the CLI reports "invalid RPC response".
      send({ jsonrpc: '2.0', id, result: result === undefined ? {} : result });
    } catch (error) {
      const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.message;
      if (panic !== undefined || error instanceof WebAssembly.RuntimeError) panicked = true;
      debug(`rpc ${method} failed: ${error?.message}`, { name: error?.name, code: error?.code, meta: error?.meta });
      const reported = panic ? new Error(panic) : migrationFailed(error, lastScriptError);
      send({ jsonrpc: '2.0', id, error: rpcError(reported, panicked) });
    } finally {
      debug(`rpc ${method} took ${Math.round(performance.now() - started)} ms`);
    }
  }

  // The engine methods take `&mut self`: run requests strictly one after another.
  let queue = Promise.resolve();
  let shuttingDown;
  const shutdown = (code) => {
    shuttingDown ??= (async () => {
      // Give the request in flight a moment to finish, but never hang on a stuck engine.
      const grace = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
      await Promise.race([queue.catch(() => {}), grace]);
      await session.close();
      process.exit(panicked ? 101 : code);
    })();
    return shuttingDown;
  };

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    // Lines without a method are the CLI's answers to our `print` requests: nothing to do.
    if (typeof request?.method !== 'string') return;
    queue = queue.then(() => handle(request));
  });
  // The CLI ends stdin and sends SIGTERM right away: either way, finish the request in flight,
  // close the pools and drop any temporary database left, then exit.
  lines.on('close', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(130));
}

function checkEnginesHash(bg) {
  const expected = expectedEnginesHash();
  const actual = bg.version();
  if (expected && expected !== actual) {
    log('WARN', `@prisma/schema-engine-wasm is ${actual} but the Prisma CLI expects engines ${expected}: pin @prisma/schema-engine-wasm to the CLI's "Default Engines Hash".`);
  }
  return actual;
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    const bg = await loadWasmEngine();
    const hash = checkEnginesHash(bg);
    process.stdout.write(`schema-engine-cli ${hash} (wasm stand-in)\n`);
    return 0;
  }
  if (args.cliCommand) return runCliCommand(args.cliCommand, args.datasource);
  await runRpcServer(args);
  return undefined; // keeps running until stdin closes
}

main().then(
  (code) => {
    // One-shot modes close everything they open: let Node exit by itself once stdout is flushed
    // (process.exit could cut off output written to a pipe on macOS). RPC mode exits in shutdown().
    if (code !== undefined) process.exitCode = code;
  },
  (error) => {
    log('ERROR', userMessage(error));
    process.exit(1);
  },
);
