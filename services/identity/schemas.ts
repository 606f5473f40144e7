import { z } from 'zod';
import { idString } from '@/services/validation';

export const IDENTITY_SOURCES = ['api', 'tracker', 'chat'] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];

export const identifyRequestSchema = z
  .strictObject({
    anonymousId: idString(200).describe('The anonymous id the visitor had before signing in (the tracker\'s browser id, or the id a chat was kept under).'),
    userId: idString(200).describe('Your id for the signed-in user the anonymous history belongs to.'),
    source: z.enum(IDENTITY_SOURCES).default('api').describe('Who says so: api (your servers, default), tracker (the browser tracker), chat.'),
  })
  .refine((b) => b.anonymousId !== b.userId, { path: ['userId'], message: 'must differ from anonymousId' });
export type IdentifyRequest = z.input<typeof identifyRequestSchema>;

export const identifyResponseSchema = z.object({
  anonymousId: z.string(),
  userId: z.string(),
  merged: z.boolean().describe('true when this request recorded the merge; false when it was already recorded (nothing changed)'),
  events: z.number().int().describe('Events of the anonymous id moved to the user when the merge was recorded'),
  conversations: z.number().int().describe('Conversations kept under the anonymous id moved to the user when the merge was recorded'),
  mergedAt: z.date(),
});
export type IdentifyResult = z.output<typeof identifyResponseSchema>;
