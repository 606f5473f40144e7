import { handleJob } from '@/services/jobs/define-job';
import { maintainEventPartitionsJob } from '@/services/event-partitions/jobs';
import { ensureEventPartitions } from '@/services/event-partitions/ensure-event-partitions';
import { pruneEventIds } from '@/services/event-partitions/prune-event-ids';
import { applyEventRetention } from '@/services/event-partitions/apply-event-retention';

/** Runs maintainEventPartitionsJob (contract and what it is for: services/event-partitions/jobs.ts). */
export const maintainEventPartitionsHandler = handleJob(maintainEventPartitionsJob, async (_payload, { log }) => {
  // Partitions first: the month ahead must exist whatever happens to the cleanup after it.
  const created = await ensureEventPartitions();
  const prunedIds = await pruneEventIds();
  const { droppedPartitions, deleted } = await applyEventRetention();
  log.info({ created, prunedIds, droppedPartitions, deletedWorkspaces: deleted.length, deletedEvents: deleted.reduce((s, d) => s + d.events, 0) }, 'maintained event partitions');
});
