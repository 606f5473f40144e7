// "Test your bot": cases validated and kept per workspace, runs answered by the real answer
// function over a really indexed knowledge base, run-to-run differences, cases from the inbox, and
// tenant isolation of all of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { acceptMessage } from '@/services/chat/accept-message';
import { storeAnswer } from '@/services/chat/store-answer';
import { deleteDocument } from '@/services/knowledge/delete-document';
import { createCase, deleteCase, getCase, listCases, updateCase } from '@/services/bot-tests/cases';
import { startRun } from '@/services/bot-tests/start-run';
import { executeRun } from '@/services/bot-tests/execute-run';
import { botTestsOverview, diffRun, runResults } from '@/services/bot-tests/overview';
import { addCaseFromMessage, isWeakAnswer, weakQuestions } from '@/services/bot-tests/from-inbox';
import { KEEP_RUNS, MAX_CASES_PER_WORKSPACE, questionKey } from '@/services/bot-tests/schemas';
import { buildOwner } from '@/test/support/builders';
import { addIndexedDocument, loadEmbeddingModel } from '@/test/support/knowledge';
import { stopEmbeddingModel } from '@/services/embeddings/embedding-model';

const SHIPPING = `# Shipping help

## Delivery times

Standard delivery takes 2 to 4 working days and costs 4.95 euros.
Express delivery arrives the next working day and costs 12.95 euros.

## Returns

You can return any unused item within 30 days of delivery for a full refund.
`;
// A second, older page that also covers delivery: once the shipping help is deleted, the bot still
// answers delivery questions, from this one.
const POLICY = `# Delivery policy

## Delivery

Our courier delivers parcels within 2 to 4 working days of your order.
`;

/** The AppError code a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return `${err.code}${err.details?.length ? `:${err.details.map((d) => d.path).join(',')}` : ''}`;
    throw err;
  }
  return 'resolved';
}

/** Queues a run and answers it in this process (the worker's job does the same). */
async function run(workspaceId: string) {
  const queued = await startRun(workspaceId);
  expect(queued.status).toBe('queued');
  return executeRun(workspaceId, queued.id);
}

let a: string;
let b: string;
let shippingId: string;
let policyId: string;
beforeAll(async () => {
  await loadEmbeddingModel();
  [a, b] = [(await buildOwner()).workspace.id, (await buildOwner()).workspace.id];
  const shipping = await addIndexedDocument(a, { kind: 'markdown', title: 'Shipping help', content: SHIPPING });
  const policy = await addIndexedDocument(a, { kind: 'markdown', title: 'Delivery policy', content: POLICY });
  expect([shipping.result.status, policy.result.status]).toEqual(['ready', 'ready']);
  [shippingId, policyId] = [shipping.id, policy.id];
}, 240_000);

afterAll(async () => {
  await stopEmbeddingModel();
});

describe('test cases', () => {
  it('refuses invalid cases with validation_failed naming the field, duplicates with conflict, and other workspaces’ documents', async () => {
    expect(await codeOf(createCase(a, { question: '   ' }))).toBe('validation_failed:question');
    expect(await codeOf(createCase(a, { question: 'x'.repeat(1001) }))).toBe('validation_failed:question');
    expect(await codeOf(createCase(a, { question: 'Q?', expectedFacts: Array.from({ length: 21 }, (_, i) => `f${i}`) }))).toBe('validation_failed:expectedFacts');
    expect(await codeOf(createCase(a, { question: 'Q?', expectedFacts: ['y'.repeat(201)] }))).toBe('validation_failed:expectedFacts.0');
    expect(await codeOf(createCase(a, { question: 'Q?', expectedFacts: ['a'], shouldNotAnswer: true }))).toBe('validation_failed:shouldNotAnswer');
    expect(await codeOf(createCase(b, { question: 'Q?', expectedDocumentId: shippingId }))).toBe('validation_failed:expectedDocumentId');
    const c = await createCase(b, { question: 'Do you ship to Norway?', expectedFacts: [' Norway '] });
    expect(c.expectedFacts).toEqual(['Norway']);
    expect(await codeOf(createCase(b, { question: '  do you SHIP to   norway? ' }))).toBe('conflict:question');
    // A 1,000-character question of 4-byte characters is still one unique key (hashed).
    expect((await createCase(b, { question: '😀'.repeat(500) })).questionKey).toHaveLength(64);
    await deleteCase(b, c.id);
    expect(await codeOf(getCase(b, c.id))).toBe('not_found');
  });

  it('keeps at most 500 cases per workspace', async () => {
    const ws = (await buildOwner()).workspace.id;
    await db().botTestCase.createMany({
      data: Array.from({ length: MAX_CASES_PER_WORKSPACE }, (_, i) => ({ workspaceId: ws, id: `btc_bulk${i}`, question: `q${i}`, questionKey: questionKey(`q${i}`) })),
    });
    expect(await codeOf(createCase(ws, { question: 'one more' }))).toBe('conflict');
  });
});

describe('runs', () => {
  let passing: string;
  let failing: string;
  let offTopic: string;

  it('answers every case with the real answer function: pass, fail with the missing fact, and an off-topic refusal', async () => {
    expect(await codeOf(startRun((await buildOwner()).workspace.id))).toBe('bad_request');
    passing = (await createCase(a, { question: 'How long does standard delivery take?', expectedFacts: ['2 to 4 working days'], expectedDocumentId: shippingId })).id;
    failing = (await createCase(a, { question: 'How much does express delivery cost?', expectedFacts: ['9.99 euros'] })).id;
    offTopic = (await createCase(a, { question: 'Who won the football world cup in 1954?', shouldNotAnswer: true })).id;

    const queued = await startRun(a);
    expect(await codeOf(startRun(a))).toBe('conflict'); // one run at a time
    expect((await botTestsOverview(a)).inProgress).toEqual({ id: queued.id, status: 'queued', done: 0, total: 3 });
    const done = await executeRun(a, queued.id);
    expect(done).toMatchObject({ status: 'done', total: 3, passed: 2 });
    const results = new Map((await runResults(a, queued.id)).map((r) => [r.caseId, r]));
    expect(results.get(passing)).toMatchObject({ passed: true, answered: true, failures: [] });
    expect(results.get(passing)!.answer).toContain('2 to 4 working days');
    expect(results.get(passing)!.citations.map((c) => c.documentId)).toContain(shippingId);
    expect(results.get(failing)).toMatchObject({ passed: false, answered: true, failures: [{ code: 'fact_missing', message: 'missing “9.99 euros”' }] });
    expect(results.get(failing)!.answer).toContain('12.95');
    expect(results.get(offTopic)).toMatchObject({ passed: true, answered: false, citations: [] });
    expect((await diffRun(a, queued.id)).diff).toBeNull(); // the first run
  });

  it('compares a run with the previous one: newly passing after a fix, and newly failing with “article not cited” once the article is deleted', async () => {
    await updateCase(a, failing, { question: 'How much does express delivery cost?', expectedFacts: ['12.95 euros'] });
    const second = await run(a);
    expect(second).toMatchObject({ total: 3, passed: 3 });
    const d2 = (await diffRun(a, second.id)).diff!;
    expect(d2.newlyPassing.map((c) => c.caseId)).toEqual([failing]);
    expect(d2.newlyFailing).toEqual([]);
    expect(d2.answerChanged).toEqual([]); // same knowledge base, same answers
    expect(d2.citationsChanged).toEqual([]);

    await deleteDocument(a, shippingId);
    const third = await run(a);
    const results = new Map((await runResults(a, third.id)).map((r) => [r.caseId, r]));
    expect(results.get(passing)!.passed).toBe(false);
    expect(results.get(passing)!.failures.map((f) => f.code)).toContain('article_not_cited');
    expect(results.get(passing)!.citations.every((c) => c.documentId !== shippingId)).toBe(true);
    const d3 = (await diffRun(a, third.id)).diff!;
    expect(d3.newlyFailing.map((c) => c.caseId)).toContain(passing);
    expect(d3.citationsChanged.map((c) => c.caseId)).toContain(passing);

    const o = await botTestsOverview(a);
    expect(o.lastRun).toMatchObject({ id: third.id, total: 3 });
    expect(o.history.map((h) => h.id)).toEqual([expect.any(String), second.id, third.id]);
    expect(o.cases.find((c) => c.id === passing)!.last!.failures.some((f) => f.code === 'article_not_cited')).toBe(true);
    expect(policyId).toBeTruthy();
  }, 120_000);

  it(`keeps the newest ${KEEP_RUNS} runs`, async () => {
    const ws = (await buildOwner()).workspace.id;
    await createCase(ws, { question: 'Anything?' });
    for (let i = 0; i < KEEP_RUNS + 2; i++) await run(ws);
    expect(await db().botTestRun.count({ where: { workspaceId: ws } })).toBe(KEEP_RUNS);
  }, 120_000);

  it('a run abandoned by a crashed worker (queued over an hour ago) no longer blocks a new one', async () => {
    const ws = (await buildOwner()).workspace.id;
    await createCase(ws, { question: 'Anything?' });
    const abandoned = await startRun(ws);
    expect(await codeOf(startRun(ws))).toBe('conflict');
    await db().botTestRun.update({ where: { workspaceId_id: { workspaceId: ws, id: abandoned.id } }, data: { createdAt: new Date(Date.now() - 2 * 3600_000) } });
    expect((await botTestsOverview(ws)).inProgress).toBeNull();
    expect((await startRun(ws)).id).not.toBe(abandoned.id);
  });
});

describe('tenancy', () => {
  it('workspace B cannot read, edit, delete or run A’s cases and runs', async () => {
    const [aCase] = await listCases(a);
    const aRun = await db().botTestRun.findFirstOrThrow({ where: { workspaceId: a } });
    expect(await codeOf(getCase(b, aCase!.id))).toBe('not_found');
    expect(await codeOf(updateCase(b, aCase!.id, { question: 'hijacked' }))).toBe('not_found');
    expect(await codeOf(deleteCase(b, aCase!.id))).toBe('not_found');
    expect(await codeOf(executeRun(b, aRun.id))).toBe('not_found');
    expect(await codeOf(diffRun(b, aRun.id))).toBe('not_found');
    expect(await runResults(b, aRun.id)).toEqual([]);
    expect((await botTestsOverview(b)).cases.map((c) => c.id)).not.toContain(aCase!.id);
    expect((await getCase(a, aCase!.id)).question).toBe(aCase!.question);
  });
});

describe('from the inbox', () => {
  /** A visitor question and the bot's answer, stored as the chat does. */
  async function turn(workspaceId: string, text: string, intent: 'answer' | 'unknown', confidence: number) {
    const m = await acceptMessage(workspaceId, { text, userVerified: false });
    await storeAnswer({ workspaceId, conversationId: m.conversationId, messageId: m.answerId, seq: m.seq + 1, text: intent === 'unknown' ? "I don't know" : 'An answer', answered: intent !== 'unknown', intent, method: 'extractive', latencyMs: 5, confidence, citations: [], products: [], handoffRequested: false });
    return m.answerId;
  }

  it('adds an unanswered or weak question in one click, once, and only from the same workspace', async () => {
    const ws = (await buildOwner()).workspace.id;
    const unknown = await turn(ws, 'Do you sell kayaks?', 'unknown', 0.1);
    const weak = await turn(ws, 'Can I pay by invoice?', 'answer', 0.52);
    const strong = await turn(ws, 'How long is delivery?', 'answer', 0.95);
    expect((await weakQuestions(ws)).map((q) => q.question).sort()).toEqual(['Can I pay by invoice?', 'Do you sell kayaks?']);
    expect(isWeakAnswer({ role: 'bot', intent: 'answer', confidence: 0.95 })).toBe(false);
    expect(isWeakAnswer({ role: 'bot', intent: 'unknown', confidence: 0.1 })).toBe(true);

    const first = await addCaseFromMessage(ws, unknown);
    expect(first.created).toBe(true);
    expect(await addCaseFromMessage(ws, unknown)).toEqual({ caseId: first.caseId, created: false });
    // The same question asked again in another conversation is the same test.
    const again = await turn(ws, '  do you sell KAYAKS? ', 'unknown', 0.1);
    expect(await addCaseFromMessage(ws, again)).toEqual({ caseId: first.caseId, created: false });
    expect(await getCase(ws, first.caseId)).toMatchObject({ question: 'Do you sell kayaks?', expectedFacts: [], source: 'inbox' });
    expect((await weakQuestions(ws)).map((q) => q.question)).toEqual(['Can I pay by invoice?']);
    expect((await addCaseFromMessage(ws, weak)).created).toBe(true);
    expect(await listCases(ws)).toHaveLength(2);
    expect(strong).toBeTruthy();

    // Another workspace's message, or a visitor message instead of an answer: not found.
    expect(await codeOf(addCaseFromMessage(b, unknown))).toBe('not_found');
    const visitorMessage = await db().chatMessage.findFirstOrThrow({ where: { workspaceId: ws, role: 'visitor' } });
    expect(await codeOf(addCaseFromMessage(ws, visitorMessage.id))).toBe('not_found');
    expect(await listCases(b)).not.toContainEqual(expect.objectContaining({ question: 'Do you sell kayaks?' }));
  });
});
