import { z } from 'zod';
import { db } from '@/services/db/client';
import { parseOrThrow } from '@/services/validation';

const weight = z.number().min(-100, 'must be between -100 and 100').max(100, 'must be between -100 and 100');

export const recSettingsSchema = z.strictObject({
  eventWeights: z
    .strictObject({
      view: weight,
      click: weight,
      add_to_cart: weight,
      purchase: weight,
      like: weight,
      dislike: weight,
      ratingHigh: weight,
      ratingMid: weight,
      ratingLow: weight,
    })
    .partial()
    .optional(),
  halfLifeDays: z.number().min(1, 'must be at least 1 day').max(3650).nullable().optional(),
  autoTrain: z.boolean().optional(),
  maxPerCategory: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').nullable().optional(),
});

/**
 * Training settings of a workspace: event weights per type (merged over the defaults; negative
 * weights are negative feedback), the time-decay half-life (null: none), and the hourly schedule.
 * They apply from the next training run; the diversity cap (maxPerCategory) at once.
 */
export async function updateRecSettings(workspaceId: string, input: z.input<typeof recSettingsSchema>) {
  const v = parseOrThrow(recSettingsSchema, input);
  const data = {
    ...(v.eventWeights ? { eventWeights: v.eventWeights } : {}),
    ...(v.halfLifeDays !== undefined ? { halfLifeDays: v.halfLifeDays } : {}),
    ...(v.autoTrain !== undefined ? { autoTrain: v.autoTrain } : {}),
    ...(v.maxPerCategory !== undefined ? { maxPerCategory: v.maxPerCategory } : {}),
  };
  return db().recSettings.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: { ...data, updatedAt: new Date() } });
}
