import { createHash } from 'node:crypto';
import { z } from 'zod';
import { idString, modelInputText } from '@/services/validation';

/** Limits of "Test your bot" (docs/chat.md). */
export const MAX_QUESTION_CHARS = 1000;
export const MAX_FACTS = 20;
export const MAX_FACT_CHARS = 200;
export const MAX_CASES_PER_WORKSPACE = 500;
/** Runs kept per workspace (older ones are deleted when a run finishes). */
export const KEEP_RUNS = 30;
/** A queued or running run older than this is taken as abandoned (a crashed worker) and no longer blocks a new one. */
export const STALE_RUN_MS = 60 * 60 * 1000;

const fact = modelInputText(MAX_FACT_CHARS).transform((s) => s.trim()).refine((s) => s.length > 0, 'must not be blank');

/** A test case as the tenant writes it. */
export const caseInput = z
  .strictObject({
    question: modelInputText(MAX_QUESTION_CHARS).transform((s) => s.trim()).refine((s) => s.length > 0, 'must not be blank'),
    expectedFacts: z.array(fact).max(MAX_FACTS, `at most ${MAX_FACTS} facts`).default([]),
    expectedDocumentId: idString(200).nullish(),
    shouldNotAnswer: z.boolean().default(false),
  })
  .superRefine((c, ctx) => {
    // An off-topic case passes when the bot does not answer: facts or an article would contradict it.
    if (c.shouldNotAnswer && (c.expectedFacts.length > 0 || c.expectedDocumentId)) {
      ctx.addIssue({ code: 'custom', path: ['shouldNotAnswer'], message: 'a case the bot should not answer cannot expect facts or an article' });
    }
  });
export type CaseInput = z.input<typeof caseInput>;

export const caseId = idString(100);

/**
 * The question as a key: case and spacing do not make a different question. Hashed, because a
 * 1,000-character question in a unique index can exceed PostgreSQL's index row limit (2,704
 * bytes). weakQuestions (from-inbox.ts) computes the same key in SQL.
 */
export const questionKey = (question: string) => createHash('sha256').update(question.replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex');

/** A reason a case failed. */
export interface Failure {
  code: 'did_not_answer' | 'fact_missing' | 'article_not_cited' | 'answered_off_topic';
  message: string;
}

export interface CitedDocument {
  documentId: string;
  title: string;
  heading: string;
}
