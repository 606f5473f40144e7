// The bot-tests domain's background jobs: their contracts (queue, payload, retries, schedule). The
// worker's handlers are in services/worker/jobs/; enqueue with services/jobs/enqueue.ts.
import { z } from 'zod';
import { defineJob } from '@/services/jobs/define-job';

/**
 * Runs a workspace's bot tests ("Test your bot", services/bot-tests): every case is asked of the
 * bot's answer function, one after another, and judged. Enqueued by startRun in the transaction
 * that creates the run. Resumable: cases already judged in the run are kept.
 */
export const runBotTestsJob = defineJob({
  name: 'run-bot-tests',
  payload: z.strictObject({ workspaceId: z.string().min(1), runId: z.string().min(1) }),
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  fairBy: 'workspaceId',
  // 500 cases (the most a workspace keeps) at a few hundred ms each fit well inside this.
  expireInSeconds: 60 * 60,
});
