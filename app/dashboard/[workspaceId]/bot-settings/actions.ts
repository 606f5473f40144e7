'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import type { BotSettingsView } from '@/services/chat/bot-settings';
import { updateBotSettings } from '@/services/chat/update-bot-settings';

export type BotSettingsState = ActionResult<BotSettingsView> | null;

const LABELS = {
  name: 'Name',
  persona: 'Instructions',
  fallbackText: 'Fallback text',
  starterQuestions: 'Starter questions',
  'starterQuestions.*': 'Starter question $1',
  minRelevance: 'Relevance threshold',
  llmBaseUrl: 'Endpoint URL',
  llmModel: 'Model',
  llmApiKey: 'API key',
};

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
};

/**
 * The form as the service's input: the four starter fields without the empty ones, the threshold
 * only when "custom" is chosen, and the key cleared by the "Remove key" submit button.
 */
function inputFrom(formData: FormData) {
  return {
    name: text(formData, 'name'),
    persona: text(formData, 'persona'),
    fallbackText: text(formData, 'fallbackText'),
    starterQuestions: formData
      .getAll('starterQuestion')
      .map((q) => (typeof q === 'string' ? q.trim() : ''))
      .filter(Boolean),
    minRelevance: text(formData, 'thresholdMode') === 'custom' ? Number(text(formData, 'minRelevance')) : null,
    llmBaseUrl: text(formData, 'llmBaseUrl'),
    llmModel: text(formData, 'llmModel'),
    llmApiKey: text(formData, 'llmApiKey'),
    clearLlmApiKey: text(formData, 'intent') === 'clear-key',
  };
}

export async function saveBotSettingsAction(workspaceId: string, _prev: BotSettingsState, formData: FormData): Promise<BotSettingsState> {
  const actorUserId = await requireUserId();
  const result = await runAction(() => updateBotSettings({ workspaceId, actorUserId, settings: inputFrom(formData) }), { labels: LABELS });
  if (result.ok) revalidatePath(`/dashboard/${workspaceId}/bot-settings`);
  return result;
}
