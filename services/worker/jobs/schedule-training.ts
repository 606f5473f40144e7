import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';
import { scheduleTraining } from '@/services/recommend/schedule-training';

/** Hourly: queues training for every workspace that received item events since its last run. */
export const scheduleTrainingJob = defineJob({
  name: 'schedule-training',
  payload: z.object({}).passthrough(),
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  cron: '0 * * * *',
  handler: async (_payload, { log }) => {
    const queued = await scheduleTraining();
    log.info({ queued: queued.length }, 'training scheduled');
  },
});
