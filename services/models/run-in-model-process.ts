import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { AppError } from '@/services/errors/app-error';

// One model process per web process, started on first use and kept (see playground-process.ts).
// The script is found from the working directory: `cairn start` and the test support run the web
// server in the repository root, and a Next.js bundle cannot locate sources from its own path.
// Turbopack traces `fork(<path>)` and tries to bundle the target: child_process is imported at run
// time (turbopackIgnore) and the path joined likewise, so the script stays a file run by tsx.
const scriptPath = () => path.join(/* turbopackIgnore: true */ process.cwd(), 'services', 'models', 'playground-process.ts');
let child: ChildProcess | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout }>();

async function processFor(): Promise<ChildProcess> {
  if (child && child.exitCode === null && child.signalCode === null && child.connected) return child;
  const { fork } = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'node:child_process')) as typeof import('node:child_process');
  if (child && child.exitCode === null && child.signalCode === null && child.connected) return child;
  const c = fork(scriptPath(), [], { cwd: process.cwd(), execArgv: ['--import', 'tsx'], env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  c.on('message', (m: { id: number; ok: boolean; result?: unknown; message?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else p.reject(new AppError('unavailable', `The model could not answer: ${m.message}`));
  });
  c.once('exit', () => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new AppError('unavailable', 'The model process stopped; try again'));
      pending.delete(id);
    }
  });
  c.unref();
  child = c;
  return c;
}

/** Sends one request to the model process; the first call waits for the models to load. */
export async function runInModelProcess<T>(request: Record<string, unknown>, timeoutMs = 180_000): Promise<T> {
  const c = await processFor();
  const id = ++nextId;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new AppError('unavailable', 'The model is still loading; try again in a moment'));
    }, timeoutMs);
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    c.send({ ...request, id });
  });
}
