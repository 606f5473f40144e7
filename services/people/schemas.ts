import { z } from 'zod';

export const USERS_PAGE_SIZE = 50;
const TRAIT_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** Search and segment parameters of the users list (the dashboard's query string and GET /v1/users). */
export const listUsersQuerySchema = z.strictObject({
  q: z.string().trim().max(200, 'at most 200 characters').optional().describe('Part of the user id or of a trait value (case-insensitive).'),
  trait: z
    .string()
    .trim()
    .max(300, 'at most 300 characters')
    .regex(/^[^=]+=.*$/s, 'must be key=value')
    .refine((s) => TRAIT_KEY.test(s.slice(0, s.indexOf('='))), 'the key must be 1-64 letters, digits, _ . - starting with a letter or _')
    .optional()
    .describe('A segment by trait: `plan=pro` keeps users whose trait `plan` is "pro".'),
  active: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be between 1 and 365')
    .max(365, 'must be between 1 and 365')
    .optional()
    .describe('Activity segment: users with an event in the last N days.'),
  inactive: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be between 1 and 365')
    .max(365, 'must be between 1 and 365')
    .optional()
    .describe('Activity segment: users with no event in the last N days.'),
  page: z.coerce.number({ error: 'must be a page number' }).int('must be a page number').min(1, 'must be 1 or more').max(10_000, 'at most 10000').default(1),
});
export type ListUsersQuery = z.input<typeof listUsersQuerySchema>;

export const userRowSchema = z.object({
  id: z.string(),
  traits: z.record(z.string(), z.unknown()).nullable().describe('null: no profile sent (the user is known from events only)'),
  events: z.number().int(),
  lastSeenAt: z.date().nullable(),
  anonymousIds: z.number().int().describe('Anonymous ids merged into this user by identify'),
});
export type UserRow = z.output<typeof userRowSchema>;

export const listUsersResponseSchema = z.object({
  users: z.array(userRowSchema),
  page: z.number().int(),
  hasMore: z.boolean(),
});
export type ListUsersResult = z.output<typeof listUsersResponseSchema>;
