import { db } from '@/services/db/client';
import { notFound } from '@/services/errors/app-error';
import { compareRuns, type ComparableResult, type RunDiff } from './compare';
import { listCases } from './cases';
import { STALE_RUN_MS, type CitedDocument, type Failure } from './schemas';

/** Runs shown in the pass-rate history. */
export const HISTORY_RUNS = 20;

export interface CaseResult extends ComparableResult {
  runId: string;
  answered: boolean;
  relevance: number;
  failures: Failure[];
  latencyMs: number;
}

type ResultRow = Awaited<ReturnType<ReturnType<typeof db>['botTestResult']['findMany']>>[number];
const toResult = (r: ResultRow): CaseResult => ({
  caseId: r.caseId,
  runId: r.runId,
  question: r.question,
  passed: r.passed,
  answered: r.answered,
  answer: r.answer,
  citations: (r.citations as unknown as CitedDocument[]) ?? [],
  relevance: r.relevance,
  failures: (r.failures as unknown as Failure[]) ?? [],
  latencyMs: r.latencyMs,
});

export async function runResults(workspaceId: string, runId: string): Promise<CaseResult[]> {
  const rows = await db().botTestResult.findMany({ where: { workspaceId, runId } });
  return rows.map(toResult);
}

/** The finished run before this one (by creation), if any. */
async function previousDoneRun(workspaceId: string, run: { id: string; createdAt: Date }) {
  return db().botTestRun.findFirst({
    where: { workspaceId, status: 'done', OR: [{ createdAt: { lt: run.createdAt } }, { createdAt: run.createdAt, id: { lt: run.id } }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

/** A finished run compared with the finished run before it (null diff: it is the first). */
export async function diffRun(workspaceId: string, runId: string): Promise<{ results: CaseResult[]; previousRunId: string | null; diff: RunDiff | null }> {
  const run = await db().botTestRun.findUnique({ where: { workspaceId_id: { workspaceId, id: runId } } });
  if (!run) throw notFound('Run');
  const [results, previous] = await Promise.all([runResults(workspaceId, runId), previousDoneRun(workspaceId, run)]);
  if (!previous) return { results, previousRunId: null, diff: null };
  return { results, previousRunId: previous.id, diff: compareRuns(await runResults(workspaceId, previous.id), results) };
}

/**
 * Everything the "Test your bot" page shows: the cases with their result in the last finished run,
 * the run in progress (if any), the last finished run compared with the one before, and the pass
 * rate of the last HISTORY_RUNS finished runs, oldest first.
 */
export async function botTestsOverview(workspaceId: string) {
  const [cases, runs] = await Promise.all([
    listCases(workspaceId),
    db().botTestRun.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: HISTORY_RUNS + 1 }),
  ]);
  const latest = runs[0] ?? null;
  const inProgress = latest && (latest.status === 'queued' || latest.status === 'running') && latest.createdAt.getTime() > Date.now() - STALE_RUN_MS ? latest : null;
  const lastDone = runs.find((r) => r.status === 'done') ?? null;
  const compared = lastDone ? await diffRun(workspaceId, lastDone.id) : null;
  const progress = inProgress ? await db().botTestResult.count({ where: { workspaceId, runId: inProgress.id } }) : 0;
  const byCase = new Map((compared?.results ?? []).map((r) => [r.caseId, r]));
  return {
    cases: cases.map((c) => ({ ...c, last: byCase.get(c.id) ?? null })),
    inProgress: inProgress ? { id: inProgress.id, status: inProgress.status, done: progress, total: cases.length } : null,
    lastFailed: latest?.status === 'failed' ? { id: latest.id, error: latest.error } : null,
    lastRun: lastDone ? { id: lastDone.id, total: lastDone.total, passed: lastDone.passed, finishedAt: lastDone.finishedAt, diff: compared!.diff } : null,
    history: runs
      .filter((r) => r.status === 'done')
      .slice(0, HISTORY_RUNS)
      .reverse()
      .map((r) => ({ id: r.id, total: r.total, passed: r.passed, finishedAt: r.finishedAt ?? r.createdAt })),
  };
}
