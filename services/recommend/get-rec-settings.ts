import { db } from '@/services/db/client';
import type { Tx } from '@/services/db/client';
import { DEFAULT_EVENT_WEIGHTS, type EventWeights } from '@/ml/recsys/interactions';

export interface RecSettingsView {
  activeVersion: number | null;
  ab: { enabled: boolean; versionA: number | null; versionB: number | null; percentB: number };
  eventWeights: EventWeights;
  halfLifeDays: number | null;
  autoTrain: boolean;
  /** Diversity default: at most this many items per category in a list (null: no cap). */
  maxPerCategory: number | null;
  updatedAt: Date | null;
}

/** The workspace's recommendation settings (defaults when never saved). */
export async function getRecSettings(workspaceId: string, client: Tx | ReturnType<typeof db> = db()): Promise<RecSettingsView> {
  const s = await client.recSettings.findUnique({ where: { workspaceId } });
  return {
    activeVersion: s?.activeVersion ?? null,
    ab: { enabled: s?.abEnabled ?? false, versionA: s?.abVersionA ?? null, versionB: s?.abVersionB ?? null, percentB: s?.abPercentB ?? 50 },
    eventWeights: { ...DEFAULT_EVENT_WEIGHTS, ...((s?.eventWeights as Partial<EventWeights> | null) ?? {}) },
    halfLifeDays: s?.halfLifeDays ?? null,
    autoTrain: s?.autoTrain ?? true,
    maxPerCategory: s?.maxPerCategory ?? null,
    updatedAt: s?.updatedAt ?? null,
  };
}
