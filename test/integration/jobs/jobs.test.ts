import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { db } from '@/services/db/client';
import { enqueue } from '@/services/jobs/enqueue';
import { sendEmailJob } from '@/services/mail/jobs';
import { startWorker } from '@/services/worker/start-worker';
import { uniqueEmail } from '@/test/support/builders';

const jobState = async (to: string) =>
  db().$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = ${to}`;

describe('jobs (pg-boss)', () => {
  it('enqueues in the caller transaction: committed jobs exist, rolled-back ones never do', async () => {
    const committed = uniqueEmail('commit');
    const rolledBack = uniqueEmail('rollback');
    await db().$transaction((tx) => enqueue(tx, sendEmailJob, { to: committed, subject: 's', text: 't' }));
    await expect(
      db().$transaction(async (tx) => {
        await enqueue(tx, sendEmailJob, { to: rolledBack, subject: 's', text: 't' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await jobState(committed)).toHaveLength(1);
    expect(await jobState(rolledBack)).toHaveLength(0);
  });

  it('validates payloads with the job schema', async () => {
    await expect(
      db().$transaction((tx) => enqueue(tx, sendEmailJob, { to: 'nope', subject: '', text: 't' } as never)),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('the worker runs a job to completion', { timeout: 90_000 }, async () => {
    const to = uniqueEmail('worker');
    await db().$transaction((tx) => enqueue(tx, sendEmailJob, { to, subject: 'hello', text: 'body' }));
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const stop = await startWorker(log);
    try {
      // Generous: under the full suite other files queue e-mails (sign-up verification) ahead of this one.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && (await jobState(to))[0]?.state !== 'completed') await new Promise((r) => setTimeout(r, 200));
      expect((await jobState(to))[0]?.state).toBe('completed');
      expect(lines.some((l) => l.includes(to) && l.includes('hello'))).toBe(true);
    } finally {
      await stop();
    }
  });
});
