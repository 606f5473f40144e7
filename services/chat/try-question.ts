import { z } from 'zod';
import { env } from '@/services/config/env';
import { startEmbeddingModel } from '@/services/embeddings/embedding-model';
import { getKbIndex } from '@/services/knowledge/kb-index';
import { parseOrThrow, safeText } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { answerQuestion } from './answer-question';
import type { Citation } from './citations';
import { workspaceMinRelevance } from './workspace-bot';

export const MAX_TRIED_PASSAGES = 8;

const tryQuestionInput = z.strictObject({
  question: safeText(1000).pipe(z.string().trim().min(1, 'must not be empty')),
});

export interface TriedPassage {
  documentId: string;
  documentTitle: string;
  documentPrivate: boolean;
  idx: number;
  heading: string;
  text: string;
  /** 0..1, the ranker's probability that the passage answers the question: what the threshold compares. */
  relevance: number;
  cosine: number;
  /** BM25 score; null when the passage was not among the full-text candidates. */
  bm25: number | null;
  /** IDF-weighted share of the question's terms found in the passage. */
  coverage: number;
}

export interface TriedQuestion {
  question: string;
  /** The workspace's threshold (bot settings, else the deployment's): below it the bot says it does not know. */
  threshold: number;
  /** Whether the bot would answer (its best passage reaches the threshold). */
  answered: boolean;
  /** The extractive answer the bot would give (empty when not answered), with its citations. */
  answer: string;
  citations: Citation[];
  passages: TriedPassage[];
  /** Whether the question was also searched by meaning (false: the embedding model could not load; full-text only). */
  semantic: boolean;
}

const MODEL_WAIT_MS = 60_000;

/**
 * The live bot embeds questions with the model its index was built with; this process (the
 * dashboard) loads it at the first try instead of answering full-text only meanwhile, so the
 * scores shown are the ones the bot would compute. Waits at most a minute; a failure is reported.
 */
async function loadIndexModel(workspaceId: string): Promise<void> {
  const index = await getKbIndex(workspaceId, 0);
  if (!index.model) return;
  const at = index.model.indexOf('@');
  const id = at > 0 ? index.model.slice(0, at) : index.model;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    startEmbeddingModel(undefined, id).catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, MODEL_WAIT_MS))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * "Try a question" for the knowledge-base page: the bot's own retrieval and extractive answer for a
 * question, with every retrieved passage's scores. Any member may try; nothing is stored (no
 * conversation, no message) and nothing is metered.
 */
export async function tryQuestion(who: { actorUserId: string; workspaceId: string }, input: unknown): Promise<TriedQuestion> {
  await requireMembership(who.actorUserId, who.workspaceId, 'member');
  const { question } = parseOrThrow(tryQuestionInput, input);
  const threshold = await workspaceMinRelevance(who.workspaceId);
  await loadIndexModel(who.workspaceId);
  const result = await answerQuestion({ workspaceId: who.workspaceId, apiBaseUrl: env().PUBLIC_API_URL, minRelevance: threshold }, question);
  return {
    question,
    threshold,
    answered: result.answered,
    answer: result.text,
    citations: result.citations,
    semantic: result.retrieval.questionVector !== null,
    passages: result.retrieval.passages.slice(0, MAX_TRIED_PASSAGES).map((p) => ({
      documentId: p.chunk.documentId,
      documentTitle: p.chunk.documentTitle,
      documentPrivate: p.chunk.documentPrivate,
      idx: p.chunk.idx,
      heading: p.chunk.heading,
      text: p.chunk.text,
      relevance: p.relevance,
      cosine: p.cosine,
      bm25: p.bm25,
      coverage: p.coverage,
    })),
  };
}
