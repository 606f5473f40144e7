import type { Logger } from '@/services/logger';

/**
 * Clean shutdown on SIGINT/SIGTERM (and when the parent `cairn start` goes away): run `stop` once,
 * then exit. Repeated signals are ignored (Ctrl-C reaches a child both from the terminal and from
 * `cairn start`); a stop that hangs is cut off after 15 s.
 */
export function onShutdown(log: Logger, stop: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: NodeJS.Signals | 'disconnect') => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    stop()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('disconnect', () => handler('disconnect'));
}
