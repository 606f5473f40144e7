// Metering's one module, through each way in: a hot-sql (pg) transaction, a Prisma transaction and
// the group commit write the same ledger rows, with a given time stored as that instant.
import { describe, expect, it } from 'vitest';
import { buildOwner } from '@/test/support/builders';
import { db } from '@/services/db/client';
import { commitPool } from '@/services/db/commit-pool';
import { transaction } from '@/services/db/hot-sql';
import { recordUsage, recordUsageGrouped } from '@/services/metering/record-usage';
import { getUsageSummary } from '@/services/metering/get-usage-summary';

const rowsOf = (workspaceId: string) =>
  db().usageRecord.findMany({ where: { workspaceId }, orderBy: { id: 'asc' }, select: { meter: true, quantity: true, idempotencyKey: true, occurredAt: true } });

describe('recordUsage and recordUsageGrouped', () => {
  it('records in a hot-sql transaction, once per idempotency key, and not at all when the work rolls back', async () => {
    const { workspace } = await buildOwner();
    const unit = { workspaceId: workspace.id, meter: 'events' as const, quantity: 5, idempotencyKey: 'batch-1' };
    expect(await transaction(commitPool(), (c) => recordUsage(c, unit))).toBe(1);
    expect(await transaction(commitPool(), (c) => recordUsage(c, unit))).toBe(0);
    await expect(
      transaction(commitPool(), async (c) => {
        await recordUsage(c, { workspaceId: workspace.id, meter: 'events', quantity: 7 });
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await transaction(commitPool(), (c) => recordUsage(c, { workspaceId: workspace.id, meter: 'events', quantity: 0 }))).toBe(0);
    expect((await getUsageSummary(workspace.id)).meters.events).toBe(5);
  });

  it('stores a given time as that instant on every path', async () => {
    const { workspace } = await buildOwner();
    const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 23, 30, 0, ms));
    await db().$transaction((tx) => recordUsage(tx, { workspaceId: workspace.id, meter: 'chat_messages', quantity: 1, occurredAt: at(1) }));
    await transaction(commitPool(), (c) => recordUsage(c, { workspaceId: workspace.id, meter: 'chat_messages', quantity: 1, occurredAt: at(2) }));
    await recordUsageGrouped({ workspaceId: workspace.id, meter: 'chat_messages', quantity: 1, occurredAt: at(3) });
    expect((await rowsOf(workspace.id)).map((r) => r.occurredAt.toISOString())).toEqual([at(1), at(2), at(3)].map((d) => d.toISOString()));
  });

  it('a group commit merges units of one workspace and meter, keeps keyed units apart, and is durable when it resolves', async () => {
    const a = (await buildOwner()).workspace.id;
    const b = (await buildOwner()).workspace.id;
    await Promise.all([
      ...Array.from({ length: 20 }, () => recordUsageGrouped({ workspaceId: a, meter: 'embedding_texts', quantity: 2 })),
      recordUsageGrouped([
        { workspaceId: b, meter: 'sentiment_texts', quantity: 3 },
        { workspaceId: b, meter: 'sentiment_texts', quantity: 4, idempotencyKey: 'k' },
        { workspaceId: b, meter: 'sentiment_texts', quantity: 4, idempotencyKey: 'k' },
      ]),
    ]);
    expect((await getUsageSummary(a)).meters.embedding_texts).toBe(40);
    expect((await rowsOf(a)).length).toBeLessThan(20);
    expect((await getUsageSummary(b)).meters).toMatchObject({ sentiment_texts: 7, embedding_texts: 0 });
    await expect(recordUsageGrouped({ workspaceId: b, meter: 'events', quantity: 0.5 })).rejects.toThrow(RangeError);
  });
});
