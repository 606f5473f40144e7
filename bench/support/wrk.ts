// wrk (C, `apt-get install wrk`) as the load generator of the HTTP benches: on 2 cores it leaves the
// server more CPU than autocannon (Node), which needs about as much CPU per request as the api.
import { spawnSync } from 'node:child_process';

export const hasWrk = () => spawnSync('wrk', ['--version']).error === undefined;

export interface WrkResult {
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number };
  non2xx: number;
  /** Socket connect errors. */
  errors: number;
}

/** Runs wrk (one thread, keep-alive connections) and parses its report; `args` are extra flags (-H, -s). */
export function runWrk(target: string, o: { connections: number; seconds: number; args?: string[] }): WrkResult {
  const out = spawnSync('wrk', ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', ...(o.args ?? []), target], { encoding: 'utf8' }).stdout;
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
  };
}
