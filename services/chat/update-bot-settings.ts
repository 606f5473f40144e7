import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { sealSecret } from '@/services/secrets/secret-box';
import { parseOrThrow } from '@/services/validation';
import { requireMembership } from '@/services/workspaces/require-membership';
import { botSettingsInput, keyHint, type BotSettingsView } from './bot-settings';
import { botSettingsView } from './get-bot-settings';
import { llmEndpointProblem } from './llm-endpoint-guard';
import { LLM_KEY_PURPOSE } from './workspace-bot';

const SETTINGS_FIELDS = ['botName', 'persona', 'fallbackText', 'starterQuestions', 'minRelevance', 'llmBaseUrl', 'llmModel'] as const;
const BEFORE = { botName: true, persona: true, fallbackText: true, starterQuestions: true, minRelevance: true, llmBaseUrl: true, llmModel: true, llmApiKeyEncrypted: true } as const;

/**
 * Saves the workspace's bot settings (admins). Every field but the key is replaced by what the
 * form sent; the key is write-only: empty keeps the stored one, `clearLlmApiKey` removes it, and a
 * new endpoint URL forgets it unless a new key comes with it, so that a stored key is never sent
 * to a server it was not entered for. Audited in the same transaction: which fields changed, with
 * before and after values, never a key (only that one was set or removed).
 */
export async function updateBotSettings(input: { workspaceId: string; actorUserId: string; settings: unknown }): Promise<BotSettingsView> {
  const { workspaceId, actorUserId } = input;
  await requireMembership(actorUserId, workspaceId, 'admin');
  const v = parseOrThrow(botSettingsInput, input.settings);
  if (v.llmBaseUrl) {
    const problem = await llmEndpointProblem(v.llmBaseUrl);
    if (problem) throw new AppError('validation_failed', 'Request validation failed', [{ path: 'llmBaseUrl', message: problem, code: 'ssrf' }]);
  }
  const values = { botName: v.name, persona: v.persona, fallbackText: v.fallbackText, starterQuestions: v.starterQuestions, minRelevance: v.minRelevance, llmBaseUrl: v.llmBaseUrl, llmModel: v.llmModel };

  await db().$transaction(async (tx) => {
    // Locks the row (when there is one) so two saves cannot interleave their before/after.
    await tx.$queryRaw`SELECT 1 FROM "ChatSettings" WHERE "workspaceId" = ${workspaceId} FOR UPDATE`;
    const before = await tx.chatSettings.findUnique({ where: { workspaceId }, select: BEFORE });
    const endpointChanged = (before?.llmBaseUrl ?? null) !== values.llmBaseUrl;
    const hadKey = !!before?.llmApiKeyEncrypted;
    const key = v.llmApiKey
      ? { llmApiKeyEncrypted: sealSecret(v.llmApiKey, LLM_KEY_PURPOSE), llmApiKeyHint: keyHint(v.llmApiKey) }
      : v.clearLlmApiKey || (endpointChanged && hadKey)
        ? { llmApiKeyEncrypted: null, llmApiKeyHint: null }
        : {};
    await tx.chatSettings.upsert({ where: { workspaceId }, create: { workspaceId, ...values, ...key }, update: { ...values, ...key, updatedAt: new Date() } });

    const changed = SETTINGS_FIELDS.filter((f) => JSON.stringify(before?.[f] ?? (f === 'starterQuestions' ? [] : null)) !== JSON.stringify(values[f]));
    const pick = (src: Partial<typeof values> | null) => Object.fromEntries(changed.map((f) => [f, src?.[f] ?? null]));
    if (changed.length) {
      await recordAudit(tx, { workspaceId, action: 'bot_settings.updated', targetType: 'workspace', targetId: workspaceId, actorUserId, metadata: { changed, before: pick(before), after: pick(values) } });
    }
    if (v.llmApiKey) {
      await recordAudit(tx, { workspaceId, action: 'bot_settings.llm_key_set', targetType: 'workspace', targetId: workspaceId, actorUserId, metadata: { replaced: hadKey } });
    } else if (hadKey && 'llmApiKeyEncrypted' in key) {
      await recordAudit(tx, { workspaceId, action: 'bot_settings.llm_key_cleared', targetType: 'workspace', targetId: workspaceId, actorUserId, metadata: { reason: v.clearLlmApiKey ? 'removed' : 'endpoint_changed' } });
    }
  });
  return botSettingsView(workspaceId);
}
