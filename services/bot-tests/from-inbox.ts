import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { minRelevance } from '@/services/chat/min-relevance';
import { idString, parseOrThrow } from '@/services/validation';
import { createCase } from './cases';
import { MAX_QUESTION_CHARS, questionKey } from './schemas';

/**
 * How far above the "don't know" threshold an answer still counts as weak: answered, but from a
 * passage barely relevant enough, so worth a test. (Relevance is 0..1; the threshold is 0.5 by default.)
 */
export const WEAK_MARGIN = 0.1;

/** A bot message worth a test: it did not know, or answered with low relevance. */
export function isWeakAnswer(m: { role: string; intent: string | null; confidence: number | null }): boolean {
  if (m.role !== 'bot') return false;
  if (m.intent === 'unknown') return true;
  return m.intent === 'answer' && m.confidence !== null && m.confidence < minRelevance() + WEAK_MARGIN;
}

/** A visitor message as a test question: control characters become spaces, at most MAX_QUESTION_CHARS code points. */
export const questionFromMessage = (text: string) =>
  Array.from(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ' ').trim())
    .slice(0, MAX_QUESTION_CHARS)
    .join('')
    .trim();

/**
 * One click in the inbox: the visitor question that a bot message answered becomes a test with no
 * facts yet. Idempotent: a question that is already a test (same words, any case or spacing)
 * returns that test. The message must be this workspace's (another's is not_found).
 */
export async function addCaseFromMessage(workspaceId: string, botMessageId: string): Promise<{ caseId: string; created: boolean }> {
  const id = parseOrThrow(idString(100), botMessageId);
  const bot = await db().chatMessage.findUnique({ where: { workspaceId_id: { workspaceId, id } } });
  if (!bot || bot.role !== 'bot') throw notFound('Message');
  const visitor = await db().chatMessage.findUnique({ where: { workspaceId_conversationId_seq: { workspaceId, conversationId: bot.conversationId, seq: bot.seq - 1 } } });
  if (!visitor || visitor.role !== 'visitor') throw notFound('Question');
  const question = questionFromMessage(visitor.text);
  if (!question) throw new AppError('bad_request', 'This message has no question to test');
  const existing = async () => db().botTestCase.findUnique({ where: { workspaceId_questionKey: { workspaceId, questionKey: questionKey(question) } }, select: { id: true } });
  const found = await existing();
  if (found) return { caseId: found.id, created: false };
  try {
    const c = await createCase(workspaceId, { question }, 'inbox');
    return { caseId: c.id, created: true };
  } catch (err) {
    // Two clicks at once: the other one created it.
    const raced = err instanceof AppError && err.code === 'conflict' ? await existing() : null;
    if (raced) return { caseId: raced.id, created: false };
    throw err;
  }
}

/**
 * Recent visitor questions the bot did not answer well and that are not tests yet, most recent
 * first (one per question): the "Add to tests" suggestions on the page.
 */
export async function weakQuestions(workspaceId: string, limit = 10) {
  const rows = await db().$queryRaw<{ id: string; question: string; intent: string; confidence: number | null; createdAt: Date }[]>`
    SELECT DISTINCT ON (lower(btrim(regexp_replace(q."text", '\\s+', ' ', 'g'))))
           a."id", q."text" AS question, a."intent", a."confidence", a."createdAt"
    FROM "ChatMessage" a
    JOIN "ChatMessage" q ON q."workspaceId" = a."workspaceId" AND q."conversationId" = a."conversationId" AND q."seq" = a."seq" - 1 AND q."role" = 'visitor'
    WHERE a."workspaceId" = ${workspaceId} AND a."role" = 'bot'
      AND (a."intent" = 'unknown' OR (a."intent" = 'answer' AND a."confidence" < ${minRelevance() + WEAK_MARGIN}))
      AND a."createdAt" > now() - interval '30 days'
      AND NOT EXISTS (
        SELECT 1 FROM "BotTestCase" t
        WHERE t."workspaceId" = a."workspaceId"
          AND t."questionKey" = encode(sha256(convert_to(lower(btrim(regexp_replace(q."text", '\\s+', ' ', 'g'))), 'UTF8')), 'hex'))
    ORDER BY lower(btrim(regexp_replace(q."text", '\\s+', ' ', 'g'))), a."createdAt" DESC
    LIMIT 200`;
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
}
