// Issue 13, finding 14: under `npm start` a crash of the api took web and worker down too. The
// supervisor of `cairn start` (services/cli/supervise.ts), run with small stand-in children:
// kill -9 one, it comes back after its backoff while the others keep running.
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { supervise, type ChildSpec, type Supervisor } from '@/services/cli/supervise';

const LONG_RUNNING = 'process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000);';
const stub = (name: string, script = LONG_RUNNING): ChildSpec => ({ name, command: process.execPath, args: ['-e', script] });
const alive = (pid: number | undefined) => {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
};
const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, lines };
}

let running: Supervisor | undefined;
afterEach(async () => {
  await running?.stop('SIGTERM', 2000);
  running = undefined;
});

describe('cairn start supervisor', () => {
  it('restarts a child killed with SIGKILL after its backoff and leaves the others running', async () => {
    const { log, lines } = capturingLog();
    const sup = (running = supervise([stub('web'), stub('api'), stub('worker')], { log, spawnOptions: { stdio: 'ignore' }, backoff: { initialMs: 300, maxMs: 2000, resetAfterMs: 60_000 } }));
    const pid = (name: string) => sup.child(name)?.pid;
    await until(() => ['web', 'api', 'worker'].every((n) => alive(pid(n))));
    const [web, api, worker] = [pid('web'), pid('api'), pid('worker')];

    const killedAt = Date.now();
    process.kill(api!, 'SIGKILL');
    await until(() => alive(pid('api')) && pid('api') !== api);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(250);
    expect(alive(api)).toBe(false);
    expect([pid('web'), pid('worker')]).toEqual([web, worker]);
    expect(alive(web) && alive(worker)).toBe(true);
    expect(sup.restarts('api')).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, process: 'api', signal: 'SIGKILL', restartInMs: 300, restarts: 1 }));

    // Ctrl-C: everything stops and nothing comes back.
    const last = [pid('web'), pid('api'), pid('worker')];
    await sup.stop('SIGTERM', 2000);
    await new Promise((r) => setTimeout(r, 500));
    expect(last.map(alive)).toEqual([false, false, false]);
    expect(sup.restarts('api')).toBe(1);
  });

  it('doubles the delay while a child keeps crashing, up to the cap', async () => {
    const { log, lines } = capturingLog();
    running = supervise([stub('api', 'process.exit(3)'), stub('web')], { log, spawnOptions: { stdio: 'ignore' }, backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 60_000 } });
    const delays = () => lines.filter((l) => l.process === 'api').map((l) => l.restartInMs);
    await until(() => delays().length >= 5, 20_000);
    expect(delays().slice(0, 5)).toEqual([50, 100, 200, 200, 200]);
    expect(lines.every((l) => l.process !== 'web')).toBe(true);
    expect(lines.find((l) => l.process === 'api')).toMatchObject({ code: 3 });
  });

  it('starts over at the first delay after a child ran longer than resetAfterMs', async () => {
    const { log, lines } = capturingLog();
    // Runs 300 ms, then dies: every run is "long" against resetAfterMs 200.
    running = supervise([stub('worker', 'setTimeout(() => process.exit(1), 300)')], { log, spawnOptions: { stdio: 'ignore' }, backoff: { initialMs: 50, maxMs: 1000, resetAfterMs: 200 } });
    await until(() => lines.length >= 3, 10_000);
    expect(lines.slice(0, 3).map((l) => l.restartInMs)).toEqual([50, 50, 50]);
  });
});
