import { performance } from 'node:perf_hooks';
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { notFound } from '@/services/errors/app-error';
import type { Logger } from '@/services/logger';
import { answerQuestion } from '@/services/chat/answer-question';
import { loadWorkspaceBot } from '@/services/chat/workspace-bot';
import { judge } from './judge';
import { KEEP_RUNS, MAX_CASES_PER_WORKSPACE, type CitedDocument } from './schemas';

/**
 * Loads the embedding models that made this workspace's passages, so that questions are embedded
 * as the api embeds them (retrieval answers lexically while a model is still loading).
 */
async function loadModels(workspaceId: string, log?: Pick<Logger, 'warn'>) {
  const { startEmbeddingModel } = await import('@/services/embeddings/embedding-model');
  const tags = await db().kbChunk.findMany({ where: { workspaceId }, distinct: ['model'], select: { model: true } });
  for (const { model } of tags) {
    const at = model.indexOf('@');
    await startEmbeddingModel(undefined, at > 0 ? model.slice(0, at) : model).catch((err: unknown) => log?.warn({ err, workspaceId, model }, 'embedding model did not load; bot tests answer lexically'));
  }
}

/**
 * Answers every test of the run one after another with the bot's own answer function
 * (answerQuestion: the same retrieval and extractive answer the widget gets without an LLM; with
 * an LLM configured, the citations come from the same retrieval) and judges each. Resumable: cases
 * already judged in this run are skipped. Keeps the newest KEEP_RUNS runs of the workspace.
 */
export async function executeRun(workspaceId: string, runId: string, opts: { log?: Pick<Logger, 'warn' | 'error'>; loadModels?: boolean } = {}) {
  const run = await db().botTestRun.findUnique({ where: { workspaceId_id: { workspaceId, id: runId } } });
  if (!run) throw notFound('Run');
  if (run.status === 'done') return run;
  await db().botTestRun.update({ where: { workspaceId_id: { workspaceId, id: runId } }, data: { status: 'running', startedAt: run.startedAt ?? new Date(), error: null } });
  try {
    if (opts.loadModels) await loadModels(workspaceId, opts.log);
    const [cases, done] = await Promise.all([
      db().botTestCase.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: MAX_CASES_PER_WORKSPACE }),
      db().botTestResult.findMany({ where: { workspaceId, runId }, select: { caseId: true } }),
    ]);
    const skip = new Set(done.map((d) => d.caseId));
    const apiBaseUrl = env().PUBLIC_API_URL;
    // The visitor's "don't know" is the workspace's fallback text (bot settings), so the tests judge that.
    const { fallbackText } = await loadWorkspaceBot(workspaceId);
    for (const c of cases) {
      if (skip.has(c.id)) continue;
      const t0 = performance.now();
      const answer = await answerQuestion({ workspaceId, apiBaseUrl, history: [] }, c.question);
      const citations: CitedDocument[] = answer.answered ? answer.citations.map((x) => ({ documentId: x.documentId, title: x.title, heading: x.heading })) : [];
      const text = answer.answered ? answer.text : fallbackText;
      const failures = judge(c, { answered: answer.answered, text, citations });
      await db().botTestResult.create({
        data: {
          workspaceId,
          runId,
          caseId: c.id,
          question: c.question,
          answered: answer.answered,
          answer: text,
          citations: citations as object[],
          relevance: Number.isFinite(answer.relevance) ? answer.relevance : 0,
          passed: failures.length === 0,
          failures: failures as object[],
          latencyMs: Math.round(performance.now() - t0),
        },
      });
    }
    const [total, passed] = await Promise.all([
      db().botTestResult.count({ where: { workspaceId, runId } }),
      db().botTestResult.count({ where: { workspaceId, runId, passed: true } }),
    ]);
    const finished = await db().botTestRun.update({ where: { workspaceId_id: { workspaceId, id: runId } }, data: { status: 'done', total, passed, finishedAt: new Date() } });
    await pruneRuns(workspaceId);
    return finished;
  } catch (err) {
    opts.log?.error({ err, workspaceId, runId }, 'bot tests run failed');
    await db().botTestRun.update({ where: { workspaceId_id: { workspaceId, id: runId } }, data: { status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : 'failed', finishedAt: new Date() } });
    throw err;
  }
}

/** Deletes all but the newest KEEP_RUNS runs (and, by cascade, their results). */
async function pruneRuns(workspaceId: string) {
  const old = await db().botTestRun.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: KEEP_RUNS, select: { id: true } });
  if (old.length) await db().botTestRun.deleteMany({ where: { workspaceId, id: { in: old.map((r) => r.id) } } });
}
