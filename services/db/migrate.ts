import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { PROJECT_ROOT } from '@/services/paths';
import { installQueues } from '@/services/jobs/boss';
import { JOB_CONTRACTS } from '@/services/jobs/job-contracts';

const require = createRequire(import.meta.url);

/** Runs the Prisma CLI (offline, through the WASM schema engine stand-in) with a DATABASE_URL. */
export function runPrismaCli(args: string[], databaseUrl: string, opts: { quiet?: boolean } = {}): Promise<void> {
  const cli = require.resolve('prisma/build/index.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma ${args.join(' ')} exited with ${code}\n${output}`)),
    );
  });
}

/** Applies committed migrations and installs the job queues. Idempotent; `npm start` runs it. */
export async function migrateDatabase(databaseUrl: string, opts: { quiet?: boolean } = { quiet: true }) {
  await runPrismaCli(['migrate', 'deploy'], databaseUrl, opts);
  await installQueues(JOB_CONTRACTS, databaseUrl);
}
