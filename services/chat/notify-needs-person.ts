import { db } from '@/services/db/client';
import { enqueue } from '@/services/jobs/enqueue';
import type { Logger } from '@/services/logger';
import { notifyNeedsPersonJob } from '@/services/chat/jobs';

/**
 * A conversation was just flagged "needs a person": the worker emails the workspace's members and
 * calls its webhook. Enqueued after the flag's statement (not in it: the answer's hot path has no
 * transaction of its own); a failure here is logged, never the visitor's problem.
 */
export async function notifyNeedsPerson(workspaceId: string, conversationId: string, reason: 'handoff_requested' | 'negative_sentiment', log?: Pick<Logger, 'error'>) {
  try {
    await db().$transaction((tx) => enqueue(tx, notifyNeedsPersonJob, { workspaceId, conversationId, reason, occurredAt: new Date().toISOString() }));
  } catch (err) {
    log?.error({ err, workspaceId, conversationId }, 'could not enqueue the needs-a-person notification');
  }
}
