import { z } from 'zod';
import { AppError } from '@/services/errors/app-error';

/** The windows the dashboard's trends offer, in UTC days ending today. */
export const RANGE_DAYS = [7, 30, 90] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];
export const DEFAULT_RANGE: RangeDays = 30;

export const rangeSchema = z
  .union([z.literal('7'), z.literal('30'), z.literal('90')], { error: 'must be 7, 30 or 90 (days)' })
  .transform((s) => Number(s) as RangeDays);

/**
 * The `range` search parameter: absent -> the default; anything else but 7, 30 or 90 -> a
 * validation_failed AppError naming `range` (pages show it, APIs answer 400 with it).
 */
export function parseRange(raw: string | string[] | undefined): RangeDays {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return DEFAULT_RANGE;
  const parsed = rangeSchema.safeParse(value);
  if (!parsed.success) throw new AppError('validation_failed', 'range: must be 7, 30 or 90 (days)', [{ path: 'range', message: 'must be 7, 30 or 90 (days)' }]);
  return parsed.data;
}

const DAY_MS = 86_400_000;

/** [start, end) of the last `days` UTC days, today included. */
export function rangeBounds(days: number, now = new Date()) {
  const todayStart = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { start: new Date(todayStart - (days - 1) * DAY_MS), end: new Date(todayStart + DAY_MS) };
}
