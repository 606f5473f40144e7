import { z } from 'zod';
import { PUBLISHABLE_SCOPES, SCOPES } from './scopes';

/** An origin as a browser sends it: scheme://host[:port], no path. `*` is refused on purpose. */
export const originSchema = z
  .string()
  .trim()
  .max(300)
  .refine((value) => {
    try {
      const u = new URL(value);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'Must be an origin such as https://shop.example.com (scheme, host and optional port; no path)')
  .transform((v) => v.replace(/\/$/, ''));

export const createApiKeySchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Name is required').max(100),
    type: z.enum(['secret', 'publishable']),
    scopes: z.array(z.enum(SCOPES)).min(1, 'Choose at least one scope').max(SCOPES.length).optional(),
    allowedOrigins: z.array(originSchema).max(50).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'publishable') {
      v.scopes?.forEach((s, i) => {
        if (!(PUBLISHABLE_SCOPES as readonly string[]).includes(s)) {
          ctx.addIssue({ code: 'custom', path: ['scopes', i], message: `Publishable keys cannot hold ${s}` });
        }
      });
      if (v.allowedOrigins.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['allowedOrigins'], message: 'Publishable keys need at least one allowed origin' });
      }
    } else if (v.allowedOrigins.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['allowedOrigins'], message: 'Only publishable keys take allowed origins' });
    }
  });
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
