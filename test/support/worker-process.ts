import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '@/services/paths';

/**
 * The real worker process (`node --import tsx services/worker/main.ts`) against a database, with
 * extra environment; resolves once it logs that it started. For tests that SIGKILL it mid-job.
 */
export async function startWorkerProcess(opts: { databaseUrl: string; env?: Record<string, string> }) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'services/worker/main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...opts.env, DATABASE_URL: opts.databaseUrl, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within 60 s:\n${output.slice(-2000)}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      output = (output + d.toString()).slice(-50_000);
      if (output.includes('"worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited during start (${code}):\n${output.slice(-2000)}`));
    });
  });
  return {
    pid: child.pid!,
    output: () => output,
    /** SIGKILL: no graceful shutdown; whatever the job was doing stops mid-way. */
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
