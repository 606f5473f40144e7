import { handleJob } from '@/services/jobs/define-job';
import { scheduleTrainingJob } from '@/services/recommend/jobs';
import { scheduleTraining } from '@/services/recommend/schedule-training';

/** Runs scheduleTrainingJob (contract and what it is for: services/recommend/jobs.ts). */
export const scheduleTrainingHandler = handleJob(scheduleTrainingJob, async (_payload, { log }) => {
  const queued = await scheduleTraining();
  log.info({ queued: queued.length }, 'training scheduled');
});
