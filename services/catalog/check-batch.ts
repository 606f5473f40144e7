import { AppError } from '@/services/errors/app-error';

/**
 * A catalog batch (items, users) is applied as a whole: over `max` entries -> 413; the same id
 * twice -> 400 naming both positions (an upsert cannot apply two versions of one row at once).
 */
export function checkBatch(field: 'items' | 'users', ids: readonly string[], max: number): void {
  if (ids.length > max) {
    throw new AppError('payload_too_large', `A batch holds at most ${max} ${field}; this one has ${ids.length}`);
  }
  const seen = new Map<string, number>();
  const details = [];
  for (let i = 0; i < ids.length; i++) {
    const first = seen.get(ids[i]!);
    if (first === undefined) seen.set(ids[i]!, i);
    else details.push({ path: `body.${field}.${i}.id`, message: `duplicate of ${field}[${first}].id`, code: 'duplicate' });
  }
  if (details.length > 0) throw new AppError('validation_failed', 'Request validation failed', details);
}
