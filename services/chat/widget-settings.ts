import { z } from 'zod';
import { safeText } from '@/services/validation';

export const WIDGET_POSITIONS = ['right', 'left'] as const;

export const widgetSettingsSchema = z.strictObject({
  title: safeText(60).pipe(z.string().trim().min(1, 'must not be empty')),
  greeting: safeText(300).pipe(z.string().trim().min(1, 'must not be empty')),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #4f46e5').transform((c) => c.toLowerCase()),
  position: z.enum(WIDGET_POSITIONS),
});
export type WidgetSettings = z.output<typeof widgetSettingsSchema>;

export const widgetConfigSchema = z.object({
  title: z.string(),
  greeting: z.string(),
  color: z.string().describe('#rrggbb'),
  position: z.enum(WIDGET_POSITIONS),
  identityVerification: z.boolean().describe('true: userId needs userHash'),
  botName: z.string().nullable().describe("the bot's name (bot settings), shown above the greeting"),
  starterQuestions: z.array(z.string()).max(4).describe('questions the widget offers as buttons before the first message'),
});
export type WidgetConfig = z.output<typeof widgetConfigSchema>;
