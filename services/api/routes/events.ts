// POST /v1/events - ingest a batch of behaviour events (deduplicated by id, metered)
import type { ApiApp } from '../api-app';
import { workspaceOf } from '../context';
import { ingestEvents } from '@/services/ingest/ingest-events';
import { eventFeed } from '@/services/recommend/serving/event-feed';
import { ingestRequestSchema, ingestResponseSchema, MAX_EVENTS_PER_BATCH } from '@/services/ingest/event-schema';

export function eventRoutes(app: ApiApp) {
  app.post(
    '/v1/events',
    {
      config: { scopes: ['events:write'], publishable: true, meter: 'events', units: (req) => (req.body as { events: unknown[] }).events.length },
      schema: {
        summary: 'Send events',
        description:
          `A batch of up to ${MAX_EVENTS_PER_BATCH} events (body at most 1 MB; larger: 413). Each event is validated on its own: ` +
          'the valid events of a batch are stored even when others are rejected, and the response lists each rejected event ' +
          'by its index. Stored events are committed before the response. An event whose id the workspace already has ' +
          '(a retry, or a repeat within the batch) is counted in `duplicates` and not stored again, so retrying a batch ' +
          'that got no response is always safe. Usage: one `events` unit per newly stored event. On the Free plan a batch is refused (429 `quota_exceeded`) when its size would pass the monthly quota. Publishable keys may call it.',
        tags: ['Events'],
        security: [{ bearerAuth: ['events:write'] }],
        body: ingestRequestSchema,
        response: { 200: ingestResponseSchema },
      },
    },
    async (req) => {
      const ws = workspaceOf(req);
      const result = await ingestEvents(ws, req.body.events);
      req.meteredUnits = result.accepted; // duplicates and rejected events use no quota
      // Serving in this process reads the stored events before the response goes out.
      await eventFeed.eventsStored(ws);
      return result;
    },
  );
}
