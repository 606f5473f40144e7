// The bot a workspace's visitors talk to, as its settings make it: what run-chat-turn and
// answer-question read once per turn. Every field falls back to the deployment's default
// (services/config/env.ts) when the workspace left it empty.
import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { openSecret } from '@/services/secrets/secret-box';
import { llmEndpointProblem } from './llm-endpoint-guard';
import { llmMinRelevance, minRelevance } from './min-relevance';
import { DONT_KNOW } from './replies';
import type { LlmConfig } from './stream-llm-answer';

/** The purpose the workspace LLM key is sealed under (services/secrets/secret-box.ts). */
export const LLM_KEY_PURPOSE = 'workspace-llm-api-key';

export interface WorkspaceBot {
  name: string | null;
  persona: string | null;
  /** What the bot says when it does not know. */
  fallbackText: string;
  /** Extractive answers need this relevance; the LLM path sends questions from llmMinRelevance. */
  minRelevance: number;
  llmMinRelevance: number;
  llm: LlmConfig | null;
  /** Why the workspace's own LLM is not used for this turn (logged; the turn answers extractively). */
  llmProblem?: string;
}

/** The deployment's LLM (LLM_BASE_URL), or null: extractive answers. */
export function deploymentLlm(): LlmConfig | null {
  const e = env();
  return e.LLM_BASE_URL ? { baseUrl: e.LLM_BASE_URL, apiKey: e.LLM_API_KEY, model: e.LLM_MODEL, timeoutMs: e.LLM_TIMEOUT_MS } : null;
}

const botColumns = {
  botName: true,
  persona: true,
  fallbackText: true,
  minRelevance: true,
  llmBaseUrl: true,
  llmModel: true,
  llmApiKeyEncrypted: true,
} as const;

export async function loadWorkspaceBot(workspaceId: string): Promise<WorkspaceBot> {
  const s = await db().chatSettings.findUnique({ where: { workspaceId }, select: botColumns });
  const bot: WorkspaceBot = {
    name: s?.botName ?? null,
    persona: s?.persona ?? null,
    fallbackText: s?.fallbackText ?? DONT_KNOW,
    minRelevance: minRelevance(s?.minRelevance),
    llmMinRelevance: llmMinRelevance(s?.minRelevance),
    llm: deploymentLlm(),
  };
  if (!s) return bot;
  let apiKey: string | undefined;
  if (s.llmApiKeyEncrypted) {
    const opened = openSecret(s.llmApiKeyEncrypted, LLM_KEY_PURPOSE);
    if (opened === null) return { ...bot, llm: null, llmProblem: 'the stored LLM API key cannot be decrypted (was AUTH_SECRET changed?); enter it again in Bot settings' };
    apiKey = opened;
  }
  if (s.llmBaseUrl) {
    // The deployment's key never goes to a workspace's endpoint: only the workspace's own key does.
    const problem = await llmEndpointProblem(s.llmBaseUrl);
    if (problem) return { ...bot, llm: null, llmProblem: `the workspace LLM endpoint ${problem}` };
    return { ...bot, llm: { baseUrl: s.llmBaseUrl, apiKey, model: s.llmModel ?? env().LLM_MODEL, timeoutMs: env().LLM_TIMEOUT_MS } };
  }
  if (bot.llm) bot.llm = { ...bot.llm, model: s.llmModel ?? bot.llm.model, apiKey: apiKey ?? bot.llm.apiKey };
  return bot;
}

/** Only the workspace's extractive threshold (answerQuestion, bot tests): one column, no endpoint check. */
export async function workspaceMinRelevance(workspaceId: string): Promise<number> {
  const s = await db().chatSettings.findUnique({ where: { workspaceId }, select: { minRelevance: true } });
  return minRelevance(s?.minRelevance);
}
