import { z } from 'zod';
import { db } from '@/services/db/client';
import { AppError } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';

export const abTestSchema = z
  .strictObject({
    enabled: z.boolean(),
    versionA: z.number().int().min(1).nullable(),
    versionB: z.number().int().min(1).nullable(),
    percentB: z.number().int().min(0, 'must be 0-100').max(100, 'must be 0-100'),
  })
  .refine((v) => !v.enabled || (v.versionA !== null && v.versionB !== null && v.versionA !== v.versionB), {
    message: 'an enabled test needs two different versions',
    path: ['versionB'],
  });

/**
 * Sets the workspace's A/B split between two trained model versions: `percentB`% of users (a
 * stable hash of their id) get version B, the rest version A. Serving picks it up within a second.
 */
export async function setAbTest(workspaceId: string, input: z.input<typeof abTestSchema>) {
  const v = parseOrThrow(abTestSchema, input);
  if (v.enabled) {
    const found = await db().recModelVersion.findMany({
      where: { workspaceId, version: { in: [v.versionA!, v.versionB!] }, status: 'completed', artifact: { not: null } },
      select: { version: true },
    });
    if (found.length !== 2) throw new AppError('validation_failed', 'Both versions must be trained models of this workspace', [{ path: 'versionA', message: 'unknown or not servable version' }]);
  }
  return db().recSettings.upsert({
    where: { workspaceId },
    create: { workspaceId, abEnabled: v.enabled, abVersionA: v.versionA, abVersionB: v.versionB, abPercentB: v.percentB },
    update: { abEnabled: v.enabled, abVersionA: v.versionA, abVersionB: v.versionB, abPercentB: v.percentB, updatedAt: new Date() },
  });
}
