// The inbox's filter, read from a query string, in one place: the inbox page and the conversation
// export read it with the same schema, so an export holds exactly what the page lists.
import { z } from 'zod';
import { INBOX_FILTERS, type InboxFilter } from './list-conversations';

/** `?filter=`: one of the inbox tabs; absent means all. */
export const inboxQuerySchema = z.object({
  filter: z.enum(INBOX_FILTERS, { error: `must be one of ${INBOX_FILTERS.join(', ')}` }).default('all'),
});

/** For the inbox page: an unknown filter (a stale or hand-edited link) lists everything. */
export function inboxFilterOrAll(value: string | undefined): InboxFilter {
  const parsed = inboxQuerySchema.safeParse({ filter: value });
  return parsed.success ? parsed.data.filter : 'all';
}

