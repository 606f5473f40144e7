// One dedicated PostgreSQL connection that LISTENs on some channels and hands each NOTIFY payload
// to its handler: how a change committed by any process (web, worker, api) reaches every api
// process's caches at once. If the connection drops, notifications may have been missed: `onGap`
// runs (drop everything cached) and it reconnects with backoff; callers' cache TTLs (polling)
// bound staleness meanwhile, so this is the fast path and the TTL the safety net.
import pg from 'pg';

/** Any pino-like logger (the api's Fastify logger, the worker's pino). */
type Logger = { warn: (obj: object, msg: string) => void };

export function startNotifyListener(opts: {
  connectionString: string;
  /** application_name of the connection (pg_stat_activity). */
  name: string;
  channels: Record<string, (payload: string) => void>;
  onGap: () => void;
  log: Logger;
}): { stop: () => Promise<void> } {
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let delay = 500;

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: opts.connectionString, application_name: opts.name });
    client = c;
    c.on('notification', (msg) => {
      const handle = opts.channels[msg.channel];
      if (handle && msg.payload) handle(msg.payload);
    });
    c.on('error', (err) => {
      if (!stopped) opts.log.warn({ err }, `${opts.name} lost its connection; reconnecting`);
    });
    c.on('end', () => {
      if (client !== c) return;
      client = undefined;
      opts.onGap(); // notifications may have been missed
      if (!stopped) timer = setTimeout(() => void connect(), delay);
    });
    try {
      await c.connect();
      for (const channel of Object.keys(opts.channels)) await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      delay = 500;
      opts.onGap(); // changes made while not listening
    } catch (err) {
      opts.log.warn({ err }, `${opts.name} could not connect; retrying`);
      delay = Math.min(delay * 2, 10_000);
      if (client === c) {
        client = undefined;
        if (!stopped) timer = setTimeout(() => void connect(), delay);
      }
      await c.end().catch(() => undefined);
    }
  };
  void connect();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
