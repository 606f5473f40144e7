// The event partitions' background job: its contract (queue, payload, retries, schedule). The
// worker's handler is in services/worker/jobs/; docs/operations.md, "Event partitions".
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * Daily: creates "Event"'s monthly partitions ahead, prunes the deduplication ids past their
 * window, and applies each plan's event retention (drops old partitions, deletes rows of
 * shorter-retention workspaces).
 */
export const maintainEventPartitionsJob = defineJob({
  name: 'maintain-event-partitions',
  payload: z.object({}).passthrough(),
  retry: { limit: 3, delaySeconds: 600, backoff: true },
  // Batched deletes after a large downgrade or the first run on a big table may take a while.
  expireInSeconds: 3 * 3600,
  cron: '23 1 * * *',
});
