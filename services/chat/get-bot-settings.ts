import { env } from '@/services/config/env';
import { db } from '@/services/db/client';
import { requireMembership } from '@/services/workspaces/require-membership';
import type { BotSettingsView } from './bot-settings';
import { minRelevance } from './min-relevance';
import { DONT_KNOW } from './replies';

/**
 * The bot settings for the dashboard (any member may read them; another workspace's are
 * not_found). The LLM key is never part of it: only whether one is stored and its last characters.
 */
export async function getBotSettings(input: { workspaceId: string; actorUserId: string }): Promise<BotSettingsView> {
  await requireMembership(input.actorUserId, input.workspaceId);
  return botSettingsView(input.workspaceId);
}

export async function botSettingsView(workspaceId: string): Promise<BotSettingsView> {
  const s = await db().chatSettings.findUnique({
    where: { workspaceId },
    select: { botName: true, persona: true, fallbackText: true, starterQuestions: true, minRelevance: true, llmBaseUrl: true, llmModel: true, llmApiKeyEncrypted: true, llmApiKeyHint: true },
  });
  const e = env();
  return {
    name: s?.botName ?? null,
    persona: s?.persona ?? null,
    fallbackText: s?.fallbackText ?? null,
    starterQuestions: s?.starterQuestions ?? [],
    minRelevance: s?.minRelevance ?? null,
    llmBaseUrl: s?.llmBaseUrl ?? null,
    llmModel: s?.llmModel ?? null,
    llmApiKey: { set: !!s?.llmApiKeyEncrypted, endsWith: s?.llmApiKeyEncrypted ? (s.llmApiKeyHint ?? null) : null },
    defaults: { fallbackText: DONT_KNOW, minRelevance: minRelevance(), llmBaseUrl: e.LLM_BASE_URL ?? null, llmModel: e.LLM_MODEL },
  };
}
