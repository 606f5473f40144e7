import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './api-process';

/**
 * A private Debian redis-server on a free port (no persistence), for tests that stop Redis under a
 * running api; `restart` brings it back on the same port, empty.
 */
export async function startRedisServer(opts: { port?: number } = {}) {
  const port = opts.port ?? (await freePort());
  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      const up = await new Promise<boolean>((resolve) => {
        const p = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
        p.once('exit', () => resolve(out.trim() === 'PONG'));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not start');
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    restart: launch,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
