import { db } from '@/services/db/client';
import { requestTraining } from './request-training';

/**
 * Queues a training run for each workspace whose item events arrived after the data cutoff of its
 * latest run (or that has events and no run yet), or whose catalog changed since a run (new items
 * get their content neighbours and category scores into the model), unless auto-training is off or
 * a run is pending. The hourly schedule is the debounce: a burst of catalog writes makes one run.
 * Returns the workspace ids queued.
 */
export async function scheduleTraining(): Promise<string[]> {
  const due = await db().$queryRaw<{ id: string }[]>`
    SELECT w."id" FROM "Workspace" w
    LEFT JOIN "RecSettings" s ON s."workspaceId" = w."id"
    WHERE coalesce(s."autoTrain", true)
      AND NOT EXISTS (SELECT 1 FROM "RecModelVersion" v WHERE v."workspaceId" = w."id" AND v."status" IN ('queued', 'running'))
      AND (
        EXISTS (
          SELECT 1 FROM "Event" e
          WHERE e."workspaceId" = w."id" AND e."itemId" IS NOT NULL
            AND e."receivedAt" > coalesce((SELECT max(v."dataCutoff") FROM "RecModelVersion" v WHERE v."workspaceId" = w."id"), timestamp '1970-01-01')
        )
        OR EXISTS (
          SELECT 1 FROM "Item" i
          WHERE i."workspaceId" = w."id"
            AND i."updatedAt" > (SELECT max(v."dataCutoff") FROM "RecModelVersion" v WHERE v."workspaceId" = w."id")
        )
      )`;
  const queued: string[] = [];
  for (const { id } of due) {
    await requestTraining(id, 'schedule');
    queued.push(id);
  }
  return queued;
}
