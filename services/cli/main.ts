// `npx cairn ...`: the admin CLI for scripts, self-hosters and our own evaluations.
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { withDatabase } from './with-database';

const program = new Command('cairn').description('Cairn admin CLI').showHelpAfterError();
const print = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');
const collect = (value: string, previous: string[]) => [...previous, value];

program
  .command('start')
  .description('run Cairn: web + api + worker (embedded PostgreSQL unless DATABASE_URL is set)')
  .addOption(new Option('--only <process...>', 'run only these processes').choices(['web', 'api', 'worker']))
  .action(async (opts: { only?: ('web' | 'api' | 'worker')[] }) => {
    const { start } = await import('./start');
    await start({ only: opts.only });
  });

program
  .command('migrate')
  .description('apply database migrations and install job queues')
  .action(() =>
    withDatabase(async (url) => {
      const { migrateDatabase } = await import('@/services/db/migrate');
      await migrateDatabase(url, { quiet: false });
      print({ migrated: true });
    }),
  );

program
  .command('seed')
  .description('create the demo workspace and login (idempotent)')
  .action(() =>
    withDatabase(async () => {
      const { seedDemo } = await import('@/services/demo/seed-demo');
      print(await seedDemo());
    }),
  );

const workspace = program.command('workspace').description('manage workspaces');
workspace
  .command('create')
  .description('create a workspace with its owner, a secret key and a publishable key; prints JSON')
  .requiredOption('--name <name>', 'workspace name')
  .requiredOption('--owner-email <email>', 'owner email (the user is created when new)')
  .option('--password <password>', 'password for a new owner (generated and printed when omitted)')
  .option('--origin <origin>', 'allowed origin for the publishable key (repeatable)', collect, [])
  .action((opts: { name: string; ownerEmail: string; password?: string; origin: string[] }) =>
    withDatabase(async () => {
      const { provisionWorkspace } = await import('@/services/workspaces/provision-workspace');
      const origins = opts.origin.length > 0 ? opts.origin : [new URL(env().PUBLIC_WEB_URL).origin];
      print(await provisionWorkspace({ name: opts.name, ownerEmail: opts.ownerEmail, ownerPassword: opts.password, allowedOrigins: origins }));
    }),
  );

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .description('create an API key; prints JSON with the key (shown once)')
  .requiredOption('--workspace <id>', 'workspace id')
  .option('--name <name>', 'key name', 'CLI key')
  .addOption(new Option('--type <type>', 'key type').choices(['secret', 'publishable']).default('secret'))
  .option('--scopes <list>', 'comma-separated scopes (default: all the type allows)')
  .option('--origin <origin>', 'allowed origin for a publishable key (repeatable)', collect, [])
  .action((opts: { workspace: string; name: string; type: 'secret' | 'publishable'; scopes?: string; origin: string[] }) =>
    withDatabase(async () => {
      const { createApiKeyForWorkspace } = await import('@/services/api-keys/create-api-key');
      const { key, record } = await createApiKeyForWorkspace(opts.workspace, {
        name: opts.name,
        type: opts.type,
        ...(opts.scopes ? { scopes: opts.scopes.split(',').map((s) => s.trim()) as never } : {}),
        allowedOrigins: opts.origin,
      });
      print({ id: record.id, key, type: record.type, scopes: record.scopes, allowedOrigins: record.allowedOrigins });
    }),
  );

const billing = program.command('billing').description('usage billing with Stripe (docs/billing.md)');
billing
  .command('stripe-setup')
  .description('create the Billing Meters, products and prices of the plans in the Stripe account of STRIPE_SECRET_KEY (run once); prints the env lines')
  .option('--currency <code>', 'price currency', 'usd')
  .action(async (opts: { currency: string }) => {
    const { stripe } = await import('@/services/billing/stripe-client');
    const { setupStripeCatalog } = await import('@/services/billing/setup-stripe-catalog');
    const result = await setupStripeCatalog(stripe(), { eventPrefix: env().STRIPE_METER_EVENT_PREFIX, currency: opts.currency });
    print(result);
    process.stderr.write(`\nAdd to your environment:\n${result.env.join('\n')}\n`);
  });
billing
  .command('report')
  .description('report unreported usage to Stripe now (what the worker does every 5 minutes); prints JSON')
  .option('--workspace <id>', 'only this workspace (repeatable)', collect, [])
  .action((opts: { workspace: string[] }) =>
    withDatabase(async () => {
      const { reportUsage } = await import('@/services/billing/report-usage');
      print(await reportUsage(opts.workspace.length ? { workspaceIds: opts.workspace } : {}));
    }),
  );

program
  .command('import')
  .description('import events, items or users from a JSONL or CSV file (streaming, restartable); prints a JSON summary')
  .addArgument(new Argument('<kind>', 'what the file holds').choices(['events', 'items', 'users']))
  .argument('<file>', 'path of the file, or - for stdin')
  .requiredOption('--workspace <id>', 'workspace id')
  .addOption(new Option('--format <format>', 'file format (default: csv for a .csv file, else jsonl)').choices(['jsonl', 'csv']))
  .option('--batch <n>', 'rows per batch, 1-1000', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('must be an integer from 1 to 1000');
    return n;
  }, 1000)
  .action((kind: 'events' | 'items' | 'users', file: string, opts: { workspace: string; format?: 'jsonl' | 'csv'; batch: number }) =>
    withDatabase(async () => {
      const { runImport } = await import('./import');
      print(await runImport(kind, file, opts));
    }),
  );

program
  .command('train')
  .description('train the recommender of a workspace now (in this process) and print the new version and its metrics')
  .requiredOption('--workspace <id>', 'workspace id')
  .option('--queue', 'only queue the training job for the worker and print its id')
  .action((opts: { workspace: string; queue?: boolean }) =>
    withDatabase(async () => {
      const { requestTraining } = await import('@/services/recommend/request-training');
      const { db } = await import('@/services/db/client');
      const exists = await db().workspace.findUnique({ where: { id: opts.workspace }, select: { id: true } });
      if (!exists) throw new AppError('not_found', `Workspace ${opts.workspace} not found`);
      const job = await requestTraining(opts.workspace, 'cli');
      if (opts.queue) {
        print(job);
        return;
      }
      const { trainModel } = await import('@/services/recommend/train-model');
      const { createLogger } = await import('@/services/logger');
      await trainModel(opts.workspace, job.version, createLogger('cli', 'warn'));
      const v = await db().recModelVersion.findUnique({
        where: { workspaceId_version: { workspaceId: opts.workspace, version: job.version } },
        select: { version: true, status: true, durationMs: true, promoted: true, decision: true, metrics: true, error: true, logs: true },
      });
      process.stderr.write((v?.logs ?? '') + '\n');
      print({ ...v, logs: undefined });
      if (v?.status !== 'completed') process.exitCode = 1;
    }),
  );

const evaluate = program.command('eval').description('offline evaluations');
evaluate
  .command('recs')
  .description("evaluate the recommender on a workspace's own events (temporal 80/20 split); prints NDCG@10 / Recall@10 for popularity, item-kNN and Cairn")
  .requiredOption('--workspace <id>', 'workspace id')
  .action((opts: { workspace: string }) =>
    withDatabase(async () => {
      const { evaluateWorkspace } = await import('@/services/recommend/evaluate-workspace');
      print(await evaluateWorkspace(opts.workspace, { onLog: (l) => process.stderr.write(l + '\n') }));
    }),
  );

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(err.message + '\n');
  } else if (err instanceof AppError) {
    process.stderr.write(JSON.stringify(err.toBody(), null, 2) + '\n');
  } else {
    process.stderr.write(`${(err as Error)?.stack ?? err}\n`);
  }
  process.exit(1);
}
