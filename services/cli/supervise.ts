// The process supervisor of `cairn start`: each child (web, api, worker) is restarted on its own
// when it dies, with exponential backoff, while the others keep running; a crash of one used to
// stop all three (issue 13, finding 14). Written here rather than taken from pm2 & co.: those are
// daemons with their own CLI and state, and `npm start` is one foreground process that Ctrl-C ends.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Logger } from '@/services/logger';

export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
}

export interface Backoff {
  /** Delay before the first restart; doubled on each crash that follows a short run. */
  initialMs: number;
  maxMs: number;
  /** A child that ran this long before dying starts over at `initialMs`. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

export interface Supervisor {
  /** The running child of each name (undefined while it waits for its restart). */
  child: (name: string) => ChildProcess | undefined;
  /** How many times each child was restarted. */
  restarts: (name: string) => number;
  /** Stops every child (signal, then SIGKILL after `graceMs`) and restarts none from now on. */
  stop: (signal?: NodeJS.Signals, graceMs?: number) => Promise<void>;
}

/** Ends a child: `signal`, then SIGKILL if it is still there after `graceMs`. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number, log: Logger): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      log.warn({ pid: child.pid }, 'process did not stop in time; killing it');
      child.kill('SIGKILL');
    }, graceMs);
    child.once('exit', () => (clearTimeout(force), resolve()));
    child.kill(signal);
  });
}

export function supervise(specs: readonly ChildSpec[], opts: { log: Logger; spawnOptions: SpawnOptions; backoff?: Backoff }): Supervisor {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const state = new Map(specs.map((s) => [s.name, { spec: s, child: undefined as ChildProcess | undefined, delayMs: 0, restarts: 0, timer: undefined as NodeJS.Timeout | undefined }]));
  let stopping = false;

  const launch = (name: string) => {
    const s = state.get(name)!;
    s.timer = undefined;
    const startedAt = Date.now();
    const child = spawn(s.spec.command, s.spec.args, opts.spawnOptions);
    s.child = child;
    // 'error' (the command could not be spawned) is followed by 'exit' or by nothing: treat it as a crash once.
    let handled = false;
    const crashed = (code: number | null, signal: NodeJS.Signals | null, err?: Error) => {
      if (handled || stopping) return;
      handled = true;
      s.child = undefined;
      s.delayMs = Date.now() - startedAt >= backoff.resetAfterMs || s.delayMs === 0 ? backoff.initialMs : Math.min(s.delayMs * 2, backoff.maxMs);
      s.restarts++;
      opts.log.error({ process: name, code, signal, err, restartInMs: s.delayMs, restarts: s.restarts }, `${name} exited unexpectedly; restarting it`);
      s.timer = setTimeout(() => launch(name), s.delayMs);
    };
    child.once('exit', (code, signal) => crashed(code, signal));
    child.once('error', (err) => crashed(null, null, err));
  };
  for (const s of specs) launch(s.name);

  return {
    child: (name) => state.get(name)?.child,
    restarts: (name) => state.get(name)?.restarts ?? 0,
    stop: async (signal = 'SIGTERM', graceMs = 15_000) => {
      stopping = true;
      for (const s of state.values()) clearTimeout(s.timer);
      await Promise.all([...state.values()].map((s) => (s.child ? stopChild(s.child, signal, graceMs, opts.log) : undefined)));
    },
  };
}
