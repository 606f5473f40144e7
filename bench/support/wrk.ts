// wrk (C, `apt-get install wrk`) as the load generator of the HTTP benches: on 2 cores it leaves the
// server more CPU than autocannon (Node), which needs about as much CPU per request as the api.
import { existsSync } from 'node:fs';
import { execFile, spawnSync } from 'node:child_process';

export const hasWrk = () => spawnSync('wrk', ['--version']).error === undefined;

export interface WrkResult {
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number };
  non2xx: number;
  /** Socket connect errors. */
  errors: number;
  /** Requests with no answer within wrk's timeout (`--timeout`, default 2 s): not counted in the rate. */
  timeouts: number;
  /** CPU seconds wrk itself used (user + system; /usr/bin/time), null where that tool is missing. */
  loadGeneratorCpuSeconds: number | null;
}

const TIME = '/usr/bin/time';

type WrkOptions = { connections: number; seconds: number; args?: string[] };

/** wrk's command line: one thread, keep-alive connections; under /usr/bin/time when present, so
 * the load generator's own CPU is reported (it shares the cores with the server). */
function command(target: string, o: WrkOptions): [string, string[]] {
  const wrkArgs = ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', ...(o.args ?? []), target];
  return existsSync(TIME) ? [TIME, ['-f', 'wrk-cpu %U %S', 'wrk', ...wrkArgs]] : ['wrk', wrkArgs];
}

/** Runs wrk and parses its report; `args` are extra flags (-H, -s). */
export function runWrk(target: string, o: WrkOptions): WrkResult {
  const [bin, args] = command(target, o);
  const run = spawnSync(bin, args, { encoding: 'utf8' });
  return parseReport(run.stdout, run.stderr ?? '');
}

/** runWrk without blocking the event loop (for sampling something else while the load runs). */
export function runWrkAsync(target: string, o: WrkOptions): Promise<WrkResult> {
  const [bin, args] = command(target, o);
  return new Promise((resolve, reject) => {
    execFile(bin, args, { encoding: 'utf8' }, (err, stdout, stderr) => (err ? reject(err) : resolve(parseReport(stdout, stderr))));
  });
}

function parseReport(out: string, stderr: string): WrkResult {
  const cpu = /wrk-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  const ms = (label: string) => {
    const m = new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  return {
    requests: num(/(\d+) requests in/),
    reqPerSec: num(/Requests\/sec:\s+([\d.]+)/),
    latencyMs: { p50: ms('50'), p90: ms('90'), p99: ms('99') },
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    errors: num(/Socket errors: connect (\d+)/),
    timeouts: num(/Socket errors: .*timeout (\d+)/),
    loadGeneratorCpuSeconds: cpu ? Math.round((Number(cpu[1]) + Number(cpu[2])) * 100) / 100 : null,
  };
}
