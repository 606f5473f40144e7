import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { randomBase62 } from '@/services/ids';
import { parseOrThrow } from '@/services/validation';
import { caseId, caseInput, MAX_CASES_PER_WORKSPACE, questionKey, type CaseInput } from './schemas';

const newCaseId = () => `btc_${randomBase62(16)}`;

/** The expected document must be one of this workspace's: its title is kept for the page. */
async function expectedDocument(workspaceId: string, documentId: string | null | undefined) {
  if (!documentId) return { expectedDocumentId: null, expectedDocumentTitle: null };
  const doc = await db().kbDocument.findUnique({ where: { workspaceId_id: { workspaceId, id: documentId } }, select: { id: true, title: true } });
  if (!doc) throw new AppError('validation_failed', 'Request validation failed', [{ path: 'expectedDocumentId', message: 'no such document in this knowledge base' }]);
  return { expectedDocumentId: doc.id, expectedDocumentTitle: doc.title };
}

const duplicate = (err: unknown) => (err as { code?: string } | null)?.code === 'P2002';
const conflict = () => new AppError('conflict', 'A test with this question already exists', [{ path: 'question', message: 'a test with this question already exists' }]);

export async function createCase(workspaceId: string, input: CaseInput, source: 'manual' | 'inbox' = 'manual') {
  const c = parseOrThrow(caseInput, input);
  const doc = await expectedDocument(workspaceId, c.expectedDocumentId);
  const count = await db().botTestCase.count({ where: { workspaceId } });
  if (count >= MAX_CASES_PER_WORKSPACE) throw new AppError('conflict', `A workspace can keep at most ${MAX_CASES_PER_WORKSPACE} tests; delete some first`);
  try {
    return await db().botTestCase.create({
      data: { workspaceId, id: newCaseId(), question: c.question, questionKey: questionKey(c.question), expectedFacts: c.expectedFacts, shouldNotAnswer: c.shouldNotAnswer, source, ...doc },
    });
  } catch (err) {
    throw duplicate(err) ? conflict() : err;
  }
}

export async function updateCase(workspaceId: string, id: string, input: CaseInput) {
  const cid = parseOrThrow(caseId, id);
  const c = parseOrThrow(caseInput, input);
  const doc = await expectedDocument(workspaceId, c.expectedDocumentId);
  try {
    const { count } = await db().botTestCase.updateMany({
      where: { workspaceId, id: cid },
      data: { question: c.question, questionKey: questionKey(c.question), expectedFacts: c.expectedFacts, shouldNotAnswer: c.shouldNotAnswer, updatedAt: new Date(), ...doc },
    });
    if (count === 0) throw notFound('Test');
  } catch (err) {
    throw duplicate(err) ? conflict() : err;
  }
  return (await db().botTestCase.findUnique({ where: { workspaceId_id: { workspaceId, id: cid } } }))!;
}

/** Deletes a case; its results in past runs stay in their history. */
export async function deleteCase(workspaceId: string, id: string): Promise<void> {
  const { count } = await db().botTestCase.deleteMany({ where: { workspaceId, id: parseOrThrow(caseId, id) } });
  if (count === 0) throw notFound('Test');
}

export async function getCase(workspaceId: string, id: string) {
  const found = await db().botTestCase.findUnique({ where: { workspaceId_id: { workspaceId, id: parseOrThrow(caseId, id) } } });
  if (!found) throw notFound('Test');
  return found;
}

export function listCases(workspaceId: string) {
  return db().botTestCase.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: MAX_CASES_PER_WORKSPACE });
}

/** Which of these questions are already tests (for "Add to tests" buttons). */
export async function existingQuestionKeys(workspaceId: string, questions: string[]): Promise<Set<string>> {
  if (questions.length === 0) return new Set();
  const rows = await db().botTestCase.findMany({ where: { workspaceId, questionKey: { in: questions.map(questionKey) } }, select: { questionKey: true } });
  return new Set(rows.map((r) => r.questionKey));
}
