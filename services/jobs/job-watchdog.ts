import pg from 'pg';
import type { Logger } from '@/services/logger';

// pg-boss 10 fails an active job only at its expiry (30 minutes for the long jobs), so a worker
// killed mid-job left the job, and what it was doing ("indexing", "running"), for that long.
// Here each worker process holds a PostgreSQL advisory lock per job it runs, on a connection of
// its own: when the process dies its connection closes and PostgreSQL drops the locks at once
// (TCP keepalives below bound a host that vanishes). A watchdog in every worker sends active jobs
// that nobody holds back to pg-boss's retry state, to run at once. Locks, unlike heartbeats from
// the event loop, hold while a job's CPU-bound step blocks the loop; a worker that is alive but
// stuck keeps them, and its jobs still expire at their expireInSeconds.

/** Advisory lock namespace (first key) of job leases; the second key is hashtext(job id). */
const LOCK_SPACE = 0x636a;

export interface JobWatchdog {
  /** Holds a job while its handler runs; call what it returns when the handler ends. */
  hold(jobId: string): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

// The same transitions as pg-boss's own failJobs (retry while retries remain, else failed), in
// one statement that re-checks the lock, so two watchdogs never retry a job twice.
const RETRY_ORPHANS = `
  UPDATE pgboss.job AS j
  SET state = (CASE WHEN j.retry_count < j.retry_limit THEN 'retry' ELSE 'failed' END)::pgboss.job_state,
      start_after = now(),
      completed_on = CASE WHEN j.retry_count < j.retry_limit THEN NULL ELSE now() END,
      output = jsonb_build_object('message', 'the worker running this job stopped; the job watchdog released it')
  WHERE j.state = 'active' AND j.name = ANY($1::text[])
    AND j.started_on < now() - make_interval(secs => $2)
    AND NOT EXISTS (
      SELECT 1 FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $3::int::oid AND l.objid = hashtext(j.id::text)::oid)
  RETURNING j.id, j.name, j.state::text AS state, j.retry_count`;

/**
 * Starts the job watchdog of one worker process for `queues` (the jobs this worker runs): every
 * `intervalSeconds`, active jobs older than two intervals whose lock nobody holds are retried.
 */
export async function startJobWatchdog(opts: { connectionString: string; queues: readonly string[]; intervalSeconds: number; log: Logger }): Promise<JobWatchdog> {
  const held = new Set<string>();
  let client: pg.Client | null = null;
  let stopped = false;

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: opts.connectionString, application_name: 'cairn-job-leases', keepAlive: true });
    c.on('error', (err) => {
      opts.log.warn({ err }, 'job lease connection lost; reconnecting');
      if (client === c) client = null;
    });
    await c.connect();
    // The server notices a vanished worker host within ~30 s instead of the OS's two hours.
    await c.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3');
    // Locks died with the old connection: take them again for the jobs still running here.
    for (const id of held) await c.query('SELECT pg_try_advisory_lock($1, hashtext($2))', [LOCK_SPACE, id]);
    return c;
  };
  let connecting: Promise<pg.Client> | null = null;
  const conn = (): Promise<pg.Client> =>
    client ? Promise.resolve(client) : (connecting ??= connect().then((c) => (client = c)).finally(() => (connecting = null)));
  client = await connect();

  const sweep = async () => {
    try {
      const { rows } = await (await conn()).query(RETRY_ORPHANS, [opts.queues, opts.intervalSeconds * 2, LOCK_SPACE]);
      for (const r of rows) opts.log.warn({ job: r.name, jobId: r.id, state: r.state, retryCount: r.retry_count }, 'job of a stopped worker released');
    } catch (err) {
      opts.log.warn({ err }, 'job watchdog sweep failed');
    }
  };
  const timer = setInterval(() => void sweep(), opts.intervalSeconds * 1000);
  timer.unref();

  return {
    async hold(jobId) {
      held.add(jobId);
      // A hash collision with another process's job leaves this one unlocked but looking held:
      // it then waits for its expiry, as before; never for a lock.
      await (await conn()).query('SELECT pg_try_advisory_lock($1, hashtext($2))', [LOCK_SPACE, jobId]).catch((err: unknown) => opts.log.warn({ err, jobId }, 'job lease not taken'));
      return async () => {
        held.delete(jobId);
        if (client) await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, jobId]).catch(() => undefined);
      };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
