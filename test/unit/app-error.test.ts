import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, detailsFromZodIssues, ERROR_STATUS } from '@/services/errors/app-error';
import { parseOrThrow } from '@/services/validation';

describe('the one error shape', () => {
  it('maps every code to a 4xx or 5xx status and serialises to { error: { code, message, details? } }', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      const err = new AppError(code as keyof typeof ERROR_STATUS, 'm');
      expect(err.status).toBe(status);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(err.toBody()).toEqual({ error: { code, message: 'm' } });
    }
  });

  it('lists every zod problem with its dotted path', () => {
    const schema = z.strictObject({ a: z.object({ b: z.array(z.number()) }), c: z.string() });
    try {
      parseOrThrow(schema, { a: { b: [1, 'x'] }, c: 1, d: 1 });
      expect.unreachable();
    } catch (err) {
      const details = (err as AppError).details!;
      expect(details.map((d) => d.path).sort()).toEqual(['(root)', 'a.b.1', 'c']);
    }
    expect(detailsFromZodIssues([{ path: ['x', 0], message: 'bad' }], 'body')).toEqual([{ path: 'body.x.0', message: 'bad' }]);
  });
});
