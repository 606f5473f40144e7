import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '@/services/paths';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

/** Whether a /readyz body says no model is still loading. */
// Every model loaded or failed ('idle' too is unsettled: the fast models start after the defaults).
export const modelsSettled = (body: unknown) =>
  Object.values((body as { models?: Record<string, string> }).models ?? {}).every((state) => state !== 'loading' && state !== 'idle');

/**
 * The real api process (`node --import tsx services/api/main.ts`) on a port, against a database;
 * resolves once it answers /readyz. For tests and benchmarks that kill or load a real process.
 */
export async function startApiProcess(opts: {
  databaseUrl: string;
  port: number;
  logLevel?: string;
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Also wait until the api's background model loading has finished (benchmarks: steady state). */
  waitForModels?: boolean;
}) {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--import', 'tsx', path.join(PROJECT_ROOT, 'services/api/main.ts')],
    {
      cwd: PROJECT_ROOT,
      // METRICS_PORT 0: api processes of parallel tests would all want the default internal port.
      env: { ...process.env, DATABASE_URL: opts.databaseUrl, API_PORT: String(opts.port), HOST: '127.0.0.1', LOG_LEVEL: opts.logLevel ?? 'warn', METRICS_PORT: '0', ...opts.env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${opts.port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`api exited during start (${child.exitCode ?? child.signalCode})`);
    const ready = await fetch(`${url}/readyz`).then(
      async (r) => r.ok && (!opts.waitForModels || modelsSettled(await r.json())),
      () => false,
    );
    if (ready) break;
    if (i > (opts.waitForModels ? 3000 : 600)) {
      child.kill('SIGKILL');
      throw new Error(`api did not start within ${opts.waitForModels ? 300 : 60} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    /** SIGKILL: no graceful shutdown, in-flight requests die with the process. */
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
