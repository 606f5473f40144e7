import pino from 'pino';

/** JSON logs (pino). `service` tells web, api and worker lines apart when they share a terminal. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info') {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type Logger = pino.Logger;
