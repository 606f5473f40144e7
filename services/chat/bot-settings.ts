// Per-workspace bot settings (docs/chat.md, "Bot settings"): the schema every writer goes through
// and the shapes readers get. Empty text means "the default" and is stored as null.
import { z } from 'zod';
import { safeText } from '@/services/validation';

export const MAX_STARTER_QUESTIONS = 4;
/** The threshold a workspace may choose: below 0.2 the bot answers from noise, above 0.9 almost never. */
export const MIN_THRESHOLD = 0.2;
export const MAX_THRESHOLD = 0.9;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAK = /[\r\n]/;

/** Free text, trimmed; empty -> null (the default). Line breaks only where `multiline`. */
const optionalText = (max: number, multiline = false) =>
  safeText(max)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters')
    .refine((s) => multiline || !LINE_BREAK.test(s), 'must be one line')
    .transform((s) => s.trim() || null);

const starterQuestion = safeText(120)
  .refine((s) => !CONTROL.test(s) && !LINE_BREAK.test(s), 'must be one line of text')
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty'));

const isHttpUrl = (u: string) => {
  try {
    const { protocol } = new URL(u);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

export const botSettingsInput = z
  .strictObject({
    name: optionalText(60),
    persona: optionalText(2000, true),
    fallbackText: optionalText(300),
    starterQuestions: z.array(starterQuestion).max(MAX_STARTER_QUESTIONS, `at most ${MAX_STARTER_QUESTIONS} starter questions`),
    /** null: the deployment's calibrated threshold (CHAT_MIN_RELEVANCE or the ranker's). */
    minRelevance: z
      .number({ error: 'must be a number' })
      .min(MIN_THRESHOLD, `must be between ${MIN_THRESHOLD} and ${MAX_THRESHOLD}`)
      .max(MAX_THRESHOLD, `must be between ${MIN_THRESHOLD} and ${MAX_THRESHOLD}`)
      .nullable(),
    /** '' or null: the deployment's LLM_BASE_URL. The SSRF check runs in updateBotSettings (it resolves the host). */
    llmBaseUrl: z
      .string()
      .max(500, 'must be at most 500 characters')
      .nullable()
      .transform((u) => u?.trim().replace(/\/+$/, '') || null)
      .refine((u) => u === null || isHttpUrl(u), 'must be an http or https URL, like https://api.openai.com/v1'),
    llmModel: optionalText(100).refine((s) => s === null || !/\s/.test(s), 'must not contain spaces'),
    /** Write-only. '' or absent: keep the stored key. */
    llmApiKey: safeText(500)
      .refine((s) => !CONTROL.test(s) && !LINE_BREAK.test(s), 'must be one line')
      .transform((s) => s.trim())
      .optional(),
    /** Removes the stored key. */
    clearLlmApiKey: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.clearLlmApiKey && v.llmApiKey) ctx.addIssue({ code: 'custom', path: ['llmApiKey'], message: 'must be empty when the key is being removed' });
  });
export type BotSettingsInput = z.input<typeof botSettingsInput>;
export type BotSettingsUpdate = z.output<typeof botSettingsInput>;

/** What the settings page shows: never the key, only whether one is stored and its last characters. */
export interface BotSettingsView {
  name: string | null;
  persona: string | null;
  fallbackText: string | null;
  starterQuestions: string[];
  minRelevance: number | null;
  llmBaseUrl: string | null;
  llmModel: string | null;
  llmApiKey: { set: boolean; endsWith: string | null };
  /** What applies where a field is empty. */
  defaults: { fallbackText: string; minRelevance: number; llmBaseUrl: string | null; llmModel: string };
}

/** The last characters of a key worth showing: none of a short one. */
export const keyHint = (key: string) => (key.length >= 12 ? key.slice(-4) : null);
