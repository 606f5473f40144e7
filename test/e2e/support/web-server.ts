// The built Next.js app (`next start`) on a free local port, for browser tests.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { buildNext, nextBin, nextBuildIsStale } from '@/services/cli/next-build';
import { PROJECT_ROOT } from '@/services/paths';

export interface WebServer {
  url: string;
  /** What the server printed so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

/** A port nobody listens on: the first free one in `from..to`, else one the OS picks. */
export async function freePort(from = 3100, to = 3199): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => {
        const address = srv.address();
        srv.close(() => resolve(typeof address === 'object' && address ? address.port : null));
      });
    });
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = await tryListen(from + ((start - from + i) % (to - from + 1)));
    if (port) return port;
  }
  const any = await tryListen(0);
  if (!any) throw new Error('no free port');
  return any;
}

/** Builds the app when `.next` is missing or older than the sources (CAIRN_E2E_SKIP_BUILD=1 skips). */
export async function ensureNextBuild(): Promise<'skipped' | 'fresh' | 'built'> {
  if (process.env.CAIRN_E2E_SKIP_BUILD === '1') return 'skipped';
  if (!nextBuildIsStale(PROJECT_ROOT)) return 'fresh';
  await buildNext(PROJECT_ROOT, { ...process.env, NODE_ENV: 'production' });
  return 'built';
}

async function waitUntilUp(url: string, exited: () => string | null, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`next start exited before answering (${exit})`);
    try {
      const res = await fetch(`${url}/signin`, { signal: AbortSignal.timeout(2000), redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`next start did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts `next start` against `databaseUrl`. Runs in its own process group so stop() ends it and
 * everything it spawned.
 */
export async function startWebServer(opts: { databaseUrl: string; env?: Record<string, string> }): Promise<WebServer> {
  await ensureNextBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [nextBin(PROJECT_ROOT), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: opts.databaseUrl,
      AUTH_SECRET: randomBytes(32).toString('hex'),
      PUBLIC_WEB_URL: url,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
      // Browser tests sign up through the public form; email verification has its own integration tests.
      REQUIRE_EMAIL_VERIFICATION: 'false',
      ...opts.env,
    },
  });
  let output = '';
  const append = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let exitInfo: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = `code ${code}, signal ${signal}`;
      resolve();
    });
  });

  const stop = async () => {
    if (exitInfo || child.pid === undefined) return;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal); // the whole process group
      } catch {
        // already gone
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilUp(url, () => exitInfo, 60_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- next output ---\n${output}`);
  }
  return { url, output: () => output, stop };
}
