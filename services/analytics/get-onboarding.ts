import { db } from '@/services/db/client';

export const ONBOARDING_STEPS = ['key', 'event', 'catalog', 'recommendation', 'widget', 'conversation'] as const;
export type OnboardingStepId = (typeof ONBOARDING_STEPS)[number];

export interface OnboardingStep {
  id: OnboardingStepId;
  done: boolean;
}

/**
 * The overview's checklist, read from the workspace's own data (nothing is ticked by hand, so it
 * cannot say "done" for something that never happened): an API key created, an event stored, an
 * item in the catalog, a recommendation served, the chat widget seen from an allowed origin
 * (WidgetSighting, written by the api), a conversation. Each probe is one indexed existence read.
 */
export async function getOnboarding(workspaceId: string): Promise<{ steps: OnboardingStep[]; done: number }> {
  const where = { workspaceId };
  const [key, event, item, served, widget, conversation] = await Promise.all([
    db().apiKey.findFirst({ where, select: { id: true } }),
    db().event.findFirst({ where, select: { id: true } }),
    db().item.findFirst({ where: { workspaceId, deletedAt: null }, select: { id: true } }),
    db().recServeStat.findFirst({ where: { workspaceId, requests: { gt: 0 } }, select: { day: true } }),
    db().widgetSighting.findUnique({ where, select: { workspaceId: true } }),
    db().conversation.findFirst({ where, select: { id: true } }),
  ]);
  const found: Record<OnboardingStepId, unknown> = { key, event, catalog: item, recommendation: served, widget, conversation };
  const steps = ONBOARDING_STEPS.map((id) => ({ id, done: !!found[id] }));
  return { steps, done: steps.filter((s) => s.done).length };
}
