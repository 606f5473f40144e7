import { db } from '@/services/db/client';
import type { WidgetConfig } from './widget-settings';

export const DEFAULT_WIDGET = { title: 'Questions? Ask us', greeting: 'Hi! Ask me anything about our shop, shipping or returns.', color: '#4f46e5', position: 'right' } as const;

/** What the widget needs at load: its theme, the bot's name and starter questions, and whether identity verification is on. */
export async function getWidgetConfig(workspaceId: string): Promise<WidgetConfig> {
  const s = await db().chatSettings.findUnique({
    where: { workspaceId },
    select: { title: true, greeting: true, color: true, position: true, identitySecret: true, botName: true, starterQuestions: true },
  });
  return {
    title: s?.title ?? DEFAULT_WIDGET.title,
    greeting: s?.greeting ?? DEFAULT_WIDGET.greeting,
    color: s?.color ?? DEFAULT_WIDGET.color,
    position: (s?.position as WidgetConfig['position'] | undefined) ?? DEFAULT_WIDGET.position,
    identityVerification: !!s?.identitySecret,
    botName: s?.botName ?? null,
    starterQuestions: s?.starterQuestions ?? [],
  };
}
