'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { requireMembership } from '@/services/workspaces/require-membership';
import { recordMemberChange } from '@/services/audit/record-member-change';
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
    await recordMemberChange({
      workspaceId,
      action: caseId ? 'bot_test_case.updated' : 'bot_test_case.created',
      targetType: 'bot_test_case',
      targetId: saved.id,
      actorUserId: userId,
      metadata: { question: saved.question },
    });
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
    await recordMemberChange({ workspaceId, action: 'bot_test_case.deleted', targetType: 'bot_test_case', targetId: caseId, actorUserId: userId });
  });
  paths(workspaceId);
  return result;
}

/** Queues a run of every test; the page follows its progress. */
export async function runAllAction(workspaceId: string): Promise<RunState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId);
    const run = await startRun(workspaceId);
    await recordMemberChange({ workspaceId, action: 'bot_test_run.started', targetType: 'bot_test_run', targetId: run.id, actorUserId: userId });
    return { runId: run.id };
  });
  paths(workspaceId);
  return result;
}

/** "Add to tests" on a bot message the inbox shows as unanswered or weak (idempotent). */
export async function addFromInboxAction(workspaceId: string, messageId: string): Promise<void> {
  const userId = await requireUserId();
  await requireMembership(userId, workspaceId);
  const added = await addCaseFromMessage(workspaceId, messageId);
  if (added.created) await recordMemberChange({ workspaceId, action: 'bot_test_case.created', targetType: 'bot_test_case', targetId: added.caseId, actorUserId: userId, metadata: { fromMessageId: messageId } });
  paths(workspaceId);
  revalidatePath(`/dashboard/${workspaceId}/inbox`, 'layout');
}
