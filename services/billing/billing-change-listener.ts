// Billing changes reach every api process at once: the transaction that changes a workspace's
// plan sends NOTIFY (notify-billing-change.ts) and each api process LISTENs on one dedicated
// connection, dropping its cached state of that workspace. If the connection drops, every cached
// state is dropped (a notification may have been missed) and it reconnects; QUOTA_CACHE_TTL_MS
// bounds staleness meanwhile.
import pg from 'pg';
/** Any pino-like logger (the api's Fastify logger, the worker's pino). */
type Logger = { warn: (obj: object, msg: string) => void };
import { invalidateBillingState } from './billing-state';
import { BILLING_CHANNEL } from './notify-billing-change';

export function startBillingChangeListener(opts: { connectionString: string; log: Logger }): { stop: () => Promise<void> } {
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let delay = 500;

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: opts.connectionString, application_name: 'cairn-billing-listener' });
    client = c;
    c.on('notification', (msg) => {
      if (msg.channel === BILLING_CHANNEL && msg.payload) invalidateBillingState(msg.payload);
    });
    c.on('error', (err) => {
      if (!stopped) opts.log.warn({ err }, 'billing change listener lost its connection; reconnecting');
    });
    c.on('end', () => {
      if (client !== c) return;
      client = undefined;
      invalidateBillingState(); // notifications may have been missed
      if (!stopped) timer = setTimeout(() => void connect(), delay);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${BILLING_CHANNEL}`);
      delay = 500;
      invalidateBillingState(); // changes made while not listening
    } catch (err) {
      opts.log.warn({ err }, 'billing change listener could not connect; retrying');
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
