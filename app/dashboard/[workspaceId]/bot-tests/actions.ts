'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { requireMembership } from '@/services/workspaces/require-membership';
import { createCase, deleteCase, updateCase } from '@/services/bot-tests/cases';
import { addCaseFromMessage } from '@/services/bot-tests/from-inbox';
import { startRun } from '@/services/bot-tests/start-run';

// Any member may keep and run tests (agents add them from the inbox); the services validate the
// input with zod and scope every query to the workspace.

export type CaseState = ActionResult<{ question: string }> | null;
export type RunState = ActionResult<{ runId: string }> | null;

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

/** The form's fields as the service's input: facts one per line, blank lines ignored. */
const caseFromForm = (formData: FormData) => ({
  question: text(formData, 'question'),
  expectedFacts: text(formData, 'facts')
    .split(/\r?\n/)
    .map((f) => f.trim())
    .filter(Boolean),
  expectedDocumentId: text(formData, 'expectedDocumentId') || null,
  shouldNotAnswer: formData.get('shouldNotAnswer') === 'on',
});

const paths = (workspaceId: string) => revalidatePath(`/dashboard/${workspaceId}/bot-tests`);

/** Adds a test (caseId null) or saves an edited one. */
export async function saveCaseAction(workspaceId: string, caseId: string | null, _prev: CaseState, formData: FormData): Promise<CaseState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId);
    const input = caseFromForm(formData);
    const saved = caseId ? await updateCase(workspaceId, caseId, input) : await createCase(workspaceId, input);
    return { question: saved.question };
  });
  if (result.ok) paths(workspaceId);
  return result;
}

export async function deleteCaseAction(workspaceId: string, caseId: string): Promise<ActionResult<void>> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId);
    await deleteCase(workspaceId, caseId);
  });
  paths(workspaceId);
  return result;
}

/** Queues a run of every test; the page follows its progress. */
export async function runAllAction(workspaceId: string): Promise<RunState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId);
    return { runId: (await startRun(workspaceId)).id };
  });
  paths(workspaceId);
  return result;
}

/** "Add to tests" on a bot message the inbox shows as unanswered or weak (idempotent). */
export async function addFromInboxAction(workspaceId: string, messageId: string): Promise<void> {
  const userId = await requireUserId();
  await requireMembership(userId, workspaceId);
  await addCaseFromMessage(workspaceId, messageId);
  paths(workspaceId);
  revalidatePath(`/dashboard/${workspaceId}/inbox`, 'layout');
}
