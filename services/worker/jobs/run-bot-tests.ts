import { handleJob } from '@/services/jobs/define-job';
import { runBotTestsJob } from '@/services/bot-tests/jobs';
import { executeRun } from '@/services/bot-tests/execute-run';

/** Runs runBotTestsJob (contract and what it is for: services/bot-tests/jobs.ts). */
export const runBotTestsHandler = handleJob(runBotTestsJob, async ({ workspaceId, runId }, { log }) => {
  const run = await executeRun(workspaceId, runId, { log, loadModels: true });
  log.info({ workspaceId, runId, total: run.total, passed: run.passed }, 'bot tests run');
});
