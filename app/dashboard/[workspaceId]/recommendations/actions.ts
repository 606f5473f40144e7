'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { requireMembership } from '@/services/workspaces/require-membership';
import { requestTraining } from '@/services/recommend/request-training';
import { setAbTest } from '@/services/recommend/set-ab-test';
import { updateRecSettings } from '@/services/recommend/update-rec-settings';

export type TrainState = ActionResult<{ version: number; jobId: string; created: boolean }> | null;
export type AbState = ActionResult<{ enabled: boolean }> | null;

/** Queues a training run (admins); the worker picks it up. */
export async function trainAction(workspaceId: string): Promise<TrainState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId, 'admin');
    return requestTraining(workspaceId, 'dashboard');
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
    await setAbTest(workspaceId, {
      enabled,
      versionA: intOrNull(formData.get('versionA')),
      versionB: intOrNull(formData.get('versionB')),
      percentB: Number(formData.get('percentB') ?? 50),
    });
    return { enabled };
  });
  revalidatePath(`/dashboard/${workspaceId}/recommendations`);
  return result;
}

export type SettingsState = ActionResult<undefined> | null;
const WEIGHT_KEYS = ['view', 'click', 'add_to_cart', 'purchase', 'like', 'dislike', 'ratingHigh', 'ratingMid', 'ratingLow'] as const;

/** Saves event weights, time decay and the hourly schedule (admins); used from the next training. */
export async function updateSettingsAction(workspaceId: string, _prev: SettingsState, formData: FormData): Promise<SettingsState> {
  const userId = await requireUserId();
  const result = await runAction(async () => {
    await requireMembership(userId, workspaceId, 'admin');
    const half = String(formData.get('halfLifeDays') ?? '').trim();
    await updateRecSettings(workspaceId, {
      eventWeights: Object.fromEntries(WEIGHT_KEYS.map((k) => [k, Number(formData.get(`w.${k}`))])),
      halfLifeDays: half === '' ? null : Number(half),
      autoTrain: formData.get('autoTrain') === 'on',
    });
    return undefined;
  });
  revalidatePath(`/dashboard/${workspaceId}/recommendations`);
  return result;
}
