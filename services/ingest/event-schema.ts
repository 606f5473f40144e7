import { z } from 'zod';
import { idString, jsonObjectText, timestampMs } from '@/services/validation';

/** Built-in event types; any other name matching CUSTOM_EVENT_TYPE is a custom event. */
export const EVENT_TYPES = ['view', 'click', 'add_to_cart', 'purchase', 'rating', 'like', 'dislike', 'search'] as const;
/** Built-in types about one item: they need an itemId. */
export const ITEM_EVENT_TYPES: ReadonlySet<string> = new Set(['view', 'click', 'add_to_cart', 'purchase', 'rating', 'like', 'dislike']);
export const CUSTOM_EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

export const MAX_EVENTS_PER_BATCH = 1000;
export const MAX_PROPERTIES_BYTES = 8 * 1024;
export const MAX_PROPERTIES_DEPTH = 10;
/** |value| bound: generous for ratings, amounts (also in minor units) and quantities. */
export const MAX_ABS_VALUE = 1e12;

const eventType = z
  .string()
  .regex(
    CUSTOM_EVENT_TYPE,
    `must be one of ${EVENT_TYPES.join(', ')} or a custom name of 1-64 letters, digits, _ . : - starting with a letter`,
  )
  .meta({ examples: [...EVENT_TYPES, 'signup'] });

/**
 * One event of POST /v1/events. Each event is parsed on its own, so a bad event is rejected with
 * its index while the good ones of the batch are kept.
 */
export const eventSchema = z
  .strictObject({
    id: idString(200).describe('Client-generated id, unique per event within the workspace: the deduplication key (retries with the same id are stored once).'),
    type: eventType.describe(`${EVENT_TYPES.join(', ')}, or a custom name. Item types (all but search and custom ones) need itemId; rating needs value.`),
    userId: idString(200).nullish().describe('Your id for the signed-in user. userId or anonymousId is required.'),
    anonymousId: idString(200).nullish().describe('A device or browser id for a visitor who is not signed in.'),
    itemId: idString(200).nullish().describe('The item the event is about.'),
    value: z
      .number()
      .min(-MAX_ABS_VALUE, `must be between -${MAX_ABS_VALUE} and ${MAX_ABS_VALUE}`)
      .max(MAX_ABS_VALUE, `must be between -${MAX_ABS_VALUE} and ${MAX_ABS_VALUE}`)
      .nullish()
      .describe('A rating, amount or quantity (a finite number).'),
    timestamp: timestampMs()
      .nullish()
      .describe('When it happened: ISO 8601 (no zone: UTC), epoch milliseconds, or epoch seconds (numbers below 1e11). Default: now. Historical times are accepted; more than 24 hours in the future is rejected.'),
    recommId: idString(200).nullish().describe('The recommendation this event follows from (attribution).'),
    properties: jsonObjectText({ maxBytes: MAX_PROPERTIES_BYTES, maxDepth: MAX_PROPERTIES_DEPTH })
      .nullish()
      .describe(`Any JSON object, at most ${MAX_PROPERTIES_BYTES} bytes serialized and ${MAX_PROPERTIES_DEPTH} levels deep.`),
  })
  .superRefine((e, ctx) => {
    if (!e.userId && !e.anonymousId) {
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'userId or anonymousId is required' });
    }
    if (ITEM_EVENT_TYPES.has(e.type) && !e.itemId) {
      ctx.addIssue({ code: 'custom', path: ['itemId'], message: `itemId is required for ${e.type} events` });
    }
    if (e.type === 'rating' && (e.value === undefined || e.value === null)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'value is required for rating events' });
    }
  });

export type EventInput = z.output<typeof eventSchema>;

/** The request envelope: events are validated one by one afterwards (see ingestEvents). */
export const ingestRequestSchema = z.strictObject({
  events: z
    .array(z.unknown())
    .describe(`Up to ${MAX_EVENTS_PER_BATCH} events (more, or a body over 1 MB: 413).`)
    // The OpenAPI document shows the per-event schema, although validation happens per event.
    .meta({ items: z.toJSONSchema(eventSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> }),
});

export const rejectionSchema = z.object({
  index: z.number().int().describe('Position of the event in the batch'),
  code: z.literal('validation_failed'),
  message: z.string().describe('Every problem of the event, `path: message`, separated by "; "'),
  details: z.array(z.object({ path: z.string(), message: z.string() })).describe('Each problem, with its path within the event (e.g. `properties.a.b`)'),
});

export const ingestResponseSchema = z.object({
  accepted: z.number().int().describe('Events stored by this request'),
  duplicates: z.number().int().describe('Valid events whose id was already stored (an earlier batch, a retry, or earlier in this batch): not stored again'),
  rejected: z.array(rejectionSchema).describe('Invalid events, by index; the valid events of the batch are kept'),
});
export type IngestResult = z.output<typeof ingestResponseSchema>;
