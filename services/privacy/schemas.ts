import { z } from 'zod';

/** Longest retention window one can set (10 years); longer is "keep": leave it null. */
export const MAX_RETENTION_DAYS = 3650;

const retentionDays = z
  .number()
  .int()
  .min(1)
  .max(MAX_RETENTION_DAYS)
  .nullable();

export const privacySettingsSchema = z.object({
  eventRetentionDays: retentionDays.describe('Events whose timestamp is older than this many days are deleted nightly; null keeps them'),
  conversationRetentionDays: retentionDays.describe('Conversations whose last message is older than this many days are deleted nightly, with their messages; null keeps them'),
  redactPii: z.boolean().describe('Replace emails, phone numbers and card numbers in visitor messages with [email], [phone], [card] before storing them or sending them to an LLM'),
});
export type PrivacySettingsView = z.output<typeof privacySettingsSchema>;

/** A partial update: the fields given replace the stored ones. */
export const updatePrivacySettingsSchema = z.strictObject({
  eventRetentionDays: retentionDays.optional(),
  conversationRetentionDays: retentionDays.optional(),
  redactPii: z.boolean().optional(),
});
export type PrivacySettingsUpdate = z.output<typeof updatePrivacySettingsSchema>;

export const DEFAULT_PRIVACY: PrivacySettingsView = { eventRetentionDays: null, conversationRetentionDays: null, redactPii: true };
