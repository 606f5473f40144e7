// A PostgreSQL primary and its streaming replica for tests that need real replication: two local
// clusters made with the server's own tools (initdb, pg_basebackup -R, pg_ctl), on free ports,
// in a temporary folder removed afterwards. As root the clusters run as the `postgres` system user
// (PostgreSQL refuses to run as root).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './api-process';

const run = promisify(execFile);
const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function binary(name: string): string {
  for (const dir of BIN_DIRS) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return name; // on PATH
}

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL tool as the user that owns the clusters. */
const tool = (name: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', binary(name), ...args]) : run(binary(name), args));

export interface ReplicatedPostgres {
  primaryUrl: (database: string) => string;
  replicaUrl: (database: string) => string;
  /** Runs SQL on the replica's `postgres` database (e.g. pg_wal_replay_pause()). */
  replicaSql: (sql: string) => Promise<pg.QueryResult>;
  stop: () => Promise<void>;
}

/** Whether this machine has the server binaries and a `postgres` user to run them as. */
export async function canRunReplicatedPostgres(): Promise<boolean> {
  try {
    await run(binary('initdb'), ['--version']);
    if (asRoot) await run('id', ['postgres']);
    return true;
  } catch {
    return false;
  }
}

export async function startReplicatedPostgres(): Promise<ReplicatedPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-pg-'));
  if (asRoot) await run('chown', ['postgres:postgres', dir]);
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const start = async (dataDir: string, port: number) => {
    await tool('pg_ctl', ['-D', dataDir, '-l', path.join(dir, `${path.basename(dataDir)}.log`), '-w', '-t', '60', 'start', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`]);
    started.push(dataDir);
  };
  const stop = async () => {
    for (const dataDir of started.reverse()) await tool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await tool('initdb', ['-D', primaryDir, '-U', 'root', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    fs.appendFileSync(path.join(primaryDir, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    await start(primaryDir, primaryPort);
    await tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'root', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync']);
    await start(replicaDir, replicaPort);
  } catch (err) {
    await stop();
    throw err;
  }
  const url = (port: number) => (database: string) => `postgresql://root@127.0.0.1:${port}/${database}`;
  return {
    primaryUrl: url(primaryPort),
    replicaUrl: url(replicaPort),
    replicaSql: async (sql) => {
      const client = new pg.Client({ connectionString: url(replicaPort)('postgres') });
      await client.connect();
      try {
        return await client.query(sql);
      } finally {
        await client.end();
      }
    },
    stop,
  };
}
