// The relevance threshold's effect on the workspace's own test questions ("Test your bot"), for
// the Bot settings page: each question's retrieval relevance is measured once (by the latest
// finished run of the tests, in the worker where the embedding models are loaded: the same
// retrieval the widget's answers use), then counting at any candidate threshold is arithmetic,
// done again as the admin moves the slider.
import { z } from 'zod';
import { db } from '@/services/db/client';
import { MAX_THRESHOLD, MIN_THRESHOLD } from '@/services/chat/bot-settings';
import { parseOrThrow } from '@/services/validation';
import { countAtThreshold, type PreviewQuestion, type ThresholdCounts } from './threshold-counts';

/** Most test questions a preview reads (the newest first). */
export const PREVIEW_MAX_QUESTIONS = 100;

export interface ThresholdPreviewData {
  /** The run the relevances come from; null: the tests have never finished a run. */
  run: { id: string; finishedAt: Date | null } | null;
  questions: PreviewQuestion[];
  /** Tests added or edited since that run (not measured, so not counted). */
  notMeasured: number;
}

export async function thresholdPreviewData(workspaceId: string): Promise<ThresholdPreviewData> {
  const run = await db().botTestRun.findFirst({ where: { workspaceId, status: 'done' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, finishedAt: true } });
  const cases = await db().botTestCase.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: PREVIEW_MAX_QUESTIONS,
    select: { id: true, question: true, shouldNotAnswer: true },
  });
  if (!run) return { run: null, questions: [], notMeasured: cases.length };
  const results = await db().botTestResult.findMany({
    where: { workspaceId, runId: run.id, caseId: { in: cases.map((c) => c.id) } },
    select: { caseId: true, question: true, relevance: true },
  });
  const byCase = new Map(results.map((r) => [r.caseId, r]));
  const questions: PreviewQuestion[] = [];
  for (const c of cases) {
    const r = byCase.get(c.id);
    // A question edited since the run was not measured as it reads now.
    if (r && r.question === c.question) questions.push({ question: c.question, relevance: r.relevance, shouldNotAnswer: c.shouldNotAnswer });
  }
  return { run, questions, notMeasured: cases.length - questions.length };
}

export const previewThreshold = z
  .number({ error: 'must be a number' })
  .min(MIN_THRESHOLD, `must be between ${MIN_THRESHOLD} and ${MAX_THRESHOLD}`)
  .max(MAX_THRESHOLD, `must be between ${MIN_THRESHOLD} and ${MAX_THRESHOLD}`);

/** The counts at a candidate threshold (validated like the setting itself). */
export async function previewThresholdEffect(workspaceId: string, threshold: unknown): Promise<ThresholdCounts & { notMeasured: number; runId: string | null }> {
  const t = parseOrThrow(z.object({ threshold: previewThreshold }), { threshold }).threshold;
  const data = await thresholdPreviewData(workspaceId);
  return { ...countAtThreshold(data.questions, t), notMeasured: data.notMeasured, runId: data.run?.id ?? null };
}
