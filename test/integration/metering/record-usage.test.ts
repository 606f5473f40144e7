import { describe, expect, it } from 'vitest';
import { buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { recordUsage } from '@/services/metering/record-usage';
import { getUsageSummary } from '@/services/metering/get-usage-summary';
import { currentPeriod } from '@/services/metering/meters';

describe('metering ledger', () => {
  it('records units per workspace and meter, aggregated over the current period', async () => {
    const { workspace } = await buildOwner();
    await db().$transaction((tx) =>
      recordUsage(tx, [
        { workspaceId: workspace.id, meter: 'sentiment_texts', quantity: 40 },
        { workspaceId: workspace.id, meter: 'sentiment_texts', quantity: 2 },
        { workspaceId: workspace.id, meter: 'embedding_texts', quantity: 5 },
        // Last period: must not count.
        { workspaceId: workspace.id, meter: 'events', quantity: 99, occurredAt: new Date(currentPeriod().start.getTime() - 1000) },
      ]),
    );
    const summary = await getUsageSummary(workspace.id);
    expect(summary.meters).toEqual({ events: 0, recommendations: 0, chat_messages: 0, sentiment_texts: 42, embedding_texts: 5 });
    expect(summary.daily.find((d) => d.meter === 'sentiment_texts')?.quantity).toBe(42);
  });

  it('counts an idempotency key once, however often it is retried', async () => {
    const { workspace } = await buildOwner();
    const unit = { workspaceId: workspace.id, meter: 'recommendations' as const, quantity: 1, idempotencyKey: 'req_1' };
    expect(await db().$transaction((tx) => recordUsage(tx, unit))).toBe(1);
    expect(await db().$transaction((tx) => recordUsage(tx, unit))).toBe(0);
    await Promise.all([1, 2, 3].map(() => db().$transaction((tx) => recordUsage(tx, unit))));
    expect((await getUsageSummary(workspace.id)).meters.recommendations).toBe(1);
  });

  it('records nothing when the work it belongs to rolls back', async () => {
    const { workspace } = await buildOwner();
    await expect(
      db().$transaction(async (tx) => {
        await recordUsage(tx, { workspaceId: workspace.id, meter: 'chat_messages', quantity: 3 });
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect((await getUsageSummary(workspace.id)).meters.chat_messages).toBe(0);
  });

  it('rejects non-integer quantities', async () => {
    const { workspace } = await buildOwner();
    await expect(
      db().$transaction((tx) => recordUsage(tx, { workspaceId: workspace.id, meter: 'events', quantity: 1.5 })),
    ).rejects.toThrow(RangeError);
  });
});
