'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { requireMembership } from '@/services/workspaces/require-membership';
import { requestTraining } from '@/services/recommend/request-training';
import { setAbTest } from '@/services/recommend/set-ab-test';
import { updateRecSettings } from '@/services/recommend/update-rec-settings';
import { recordMemberChange } from '@/services/audit/record-member-change';

export type TrainState = ActionResult<{ version: number; jobId: string; created: boolean }> | null;
export type AbState = ActionResult<{ enabled: boolean }> | null;

/** Queues a training run (admins); the worker picks it up. */
export async function trainAction(workspaceId: string): Promise<TrainState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId, 'admin');
    const queued = await requestTraining(workspaceId, 'dashboard');
    if (queued.created) await recordMemberChange({ workspaceId, action: 'training.requested', targetType: 'model', targetId: String(queued.version), actorUserId: userId, metadata: { jobId: queued.jobId } });
    return queued;
  });
  revalidatePath(`/dashboard/${workspaceId}/recommendations`);
  return result;
}

const intOrNull = (v: FormDataEntryValue | null) => (v === null || v === '' ? null : Number(v));

/** Saves the A/B split between two versions (admins). */
export async function setAbTestAction(workspaceId: string, _prev: AbState, formData: FormData): Promise<AbState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId, 'admin');
    const enabled = formData.get('enabled') === 'on';
    const ab = { enabled, versionA: intOrNull(formData.get('versionA')), versionB: intOrNull(formData.get('versionB')), percentB: Number(formData.get('percentB') ?? 50) };
    await setAbTest(workspaceId, ab);
    await recordMemberChange({ workspaceId, action: 'ab_test.updated', targetType: 'workspace', targetId: workspaceId, actorUserId: userId, metadata: ab });
    return { enabled };
  }, { labels: { enabled: 'A/B test', versionA: 'Version A', versionB: 'Version B', percentB: 'Share for B (%)' } });
  revalidatePath(`/dashboard/${workspaceId}/recommendations`);
  return result;
}

export type SettingsState = ActionResult<undefined> | null;
const WEIGHT_KEYS = ['view', 'click', 'add_to_cart', 'purchase', 'like', 'dislike', 'ratingHigh', 'ratingMid', 'ratingLow'] as const;

// The training settings form's labels (settings-form.tsx).
const WEIGHT_LABELS: Record<(typeof WEIGHT_KEYS)[number], string> = {
  view: 'View', click: 'Click', add_to_cart: 'Add to cart', purchase: 'Purchase', like: 'Like', dislike: 'Dislike',
  ratingHigh: 'Rating ≥ 4', ratingMid: 'Rating 3', ratingLow: 'Rating ≤ 2',
};
const SETTINGS_LABELS = {
  ...Object.fromEntries(WEIGHT_KEYS.map((k) => [`eventWeights.${k}`, `Weight for ${WEIGHT_LABELS[k]}`])),
  eventWeights: 'Event weights',
  halfLifeDays: 'Time decay half-life (days)',
  autoTrain: 'Retrain every hour',
};

/** Saves event weights, time decay and the hourly schedule (admins); used from the next training. */
export async function updateSettingsAction(workspaceId: string, _prev: SettingsState, formData: FormData): Promise<SettingsState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId, 'admin');
    const half = String(formData.get('halfLifeDays') ?? '').trim();
    const settings = {
      eventWeights: Object.fromEntries(WEIGHT_KEYS.map((k) => [k, Number(formData.get(`w.${k}`))])),
      halfLifeDays: half === '' ? null : Number(half),
      autoTrain: formData.get('autoTrain') === 'on',
    };
    await updateRecSettings(workspaceId, settings);
    await recordMemberChange({ workspaceId, action: 'rec_settings.updated', targetType: 'workspace', targetId: workspaceId, actorUserId: userId, metadata: settings });
    return undefined;
  }, { labels: SETTINGS_LABELS });
  revalidatePath(`/dashboard/${workspaceId}/recommendations`);
  return result;
}
