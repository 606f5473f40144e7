import type { Retrieval } from '@/services/knowledge/retrieve-passages';
import { composeExtractiveAnswer, type ComposedAnswer } from './compose-extractive-answer';
import { minRelevance } from './min-relevance';
import { retrieveWithMemory, type Turn } from './retrieve-with-memory';

export interface AnswerContext {
  workspaceId: string;
  apiBaseUrl: string;
  history?: Turn[];
  /** Overrides the configured threshold (evaluation sweeps). */
  minRelevance?: number;
}

/** The extractive (offline) answer to a message: hybrid retrieval with memory, then sentence extraction. */
export async function answerQuestion(ctx: AnswerContext, message: string): Promise<ComposedAnswer & { retrieval: Retrieval }> {
  const threshold = ctx.minRelevance ?? minRelevance();
  const retrieval = await retrieveWithMemory(ctx.workspaceId, message, ctx.history ?? [], threshold);
  // Sentences are compared with the question's vector, so they are embedded by the same model
  // (the knowledge base's, which during a model change is not the default one).
  const model = retrieval.questionModel;
  const answer = await composeExtractiveAnswer(retrieval, {
    minRelevance: threshold,
    apiBaseUrl: ctx.apiBaseUrl,
    workspaceId: ctx.workspaceId,
    embed: model ? async (texts) => (await model.embed(texts)).map((e) => e.embedding) : undefined,
  });
  return { ...answer, retrieval };
}
