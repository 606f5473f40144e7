// "Nothing lost": the real api process is SIGKILLed in the middle of a load and restarted. A
// client that retries every unacknowledged batch with the same ids must end with every event it
// saw acknowledged stored exactly once. A batch committed just before the kill never got its
// response; its retry reports those events as `duplicates` (they are stored, not stored again), so
// the stored count equals the sum of accepted + duplicates over the client's acknowledged batches,
// and equals the sum of `accepted` alone up to exactly those lost-response batches.
import { describe, expect, it } from 'vitest';
import { buildKey, buildOwner } from '@/test/support/builders';
import { freePort, startApiProcess } from '@/test/support/api-process';
import { db } from '@/services/db/client';
import { getUsageSummary } from '@/services/metering/get-usage-summary';

const BATCH = 200;
const CLIENTS = 4;

describe('POST /v1/events: nothing lost when the api is killed mid-load', () => {
  it('every acknowledged event is stored exactly once after SIGKILL and restart', { timeout: 180_000 }, async () => {
    const owner = await buildOwner();
    const { key } = await buildKey(owner, { scopes: ['events:write'] });
    const workspaceId = owner.workspace.id;
    const databaseUrl = process.env.DATABASE_URL!;
    const port = await freePort();
    let api = await startApiProcess({ databaseUrl, port });
    const url = api.url;

    let nextBatch = 0;
    let producing = true;
    let acceptedSum = 0;
    let duplicatesSum = 0;
    let failedAttempts = 0;
    let acknowledgedBatches = 0;
    const acknowledged: string[] = [];

    const makeBatch = (b: number) =>
      JSON.stringify({
        events: Array.from({ length: BATCH }, (_, i) => ({
          id: `b${b}-e${i}`,
          type: 'view',
          userId: `u${i % 50}`,
          itemId: `i${(b * 7 + i) % 300}`,
          properties: { batch: b },
        })),
      });

    // One client: sends batch after batch; a batch without a 200 is retried, same body, same ids.
    async function client() {
      while (producing) {
        const b = nextBatch++;
        const body = makeBatch(b);
        for (;;) {
          const res = await fetch(`${url}/v1/events`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
            body,
            signal: AbortSignal.timeout(10_000),
          }).catch(() => null);
          if (res?.status === 200) {
            const r = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
            expect(r.rejected).toEqual([]);
            expect(r.accepted + r.duplicates).toBe(BATCH);
            acceptedSum += r.accepted;
            duplicatesSum += r.duplicates;
            acknowledgedBatches++;
            for (let i = 0; i < BATCH; i++) acknowledged.push(`b${b}-e${i}`);
            break;
          }
          failedAttempts++;
          await res?.body?.cancel();
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }

    const clients = Array.from({ length: CLIENTS }, () => client());
    // Let the load run, kill the api while requests are in flight, restart it, load some more.
    const until = async (cond: () => boolean) => {
      while (!cond()) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => acknowledgedBatches >= 20);
    await api.kill();
    const ackedAtKill = acknowledgedBatches;
    await new Promise((r) => setTimeout(r, 300)); // clients keep failing while it is down
    api = await startApiProcess({ databaseUrl, port });
    await until(() => acknowledgedBatches >= ackedAtKill + 20);
    producing = false;
    await Promise.all(clients);
    await api.stop();

    expect(failedAttempts).toBeGreaterThan(0); // the kill really interrupted the load
    const stored = await db().event.count({ where: { workspaceId } });
    // Every batch was acknowledged in the end, each of its events either accepted or a duplicate
    // of an earlier attempt that committed but whose response the kill swallowed.
    expect(stored).toBe(acknowledged.length);
    expect(stored).toBe(acceptedSum + duplicatesSum);
    expect(duplicatesSum % BATCH).toBe(0); // whole batches only: a batch commits all or nothing
    expect(duplicatesSum / BATCH).toBeLessThanOrEqual(CLIENTS); // at most the batches in flight at the kill
    const found = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Event" WHERE "workspaceId" = ${workspaceId} AND "id" = ANY(${acknowledged}::text[])`;
    expect(Number(found[0]!.n)).toBe(acknowledged.length);
    // Billing follows storage exactly, even for the batches cut off by the kill.
    expect((await getUsageSummary(workspaceId)).meters.events).toBe(stored);
    console.info(JSON.stringify({ batches: acknowledgedBatches, stored, acceptedSum, duplicatesSum, failedAttempts }));
  });
});
