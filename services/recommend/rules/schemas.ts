// Business rules: structured JSON, validated here and evaluated by match-rule.ts (never as code).
import { z } from 'zod';
import { idString, safeText } from '@/services/validation';

export const RULE_ACTIONS = ['pin', 'boost', 'bury', 'filter'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
export const MAX_RULES = 50;

const setOp = z.enum(['eq', 'ne'], { message: 'must be eq or ne' });
const compareOp = z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte'], { message: 'must be one of eq, ne, lt, lte, gt, gte' });
const finite = z.number({ message: 'must be a number' }).finite('must be a finite number');

/**
 * Which items a rule is about. `id`, `category` and `tag` test membership (eq: the item has it,
 * ne: it does not); `price` and `property` compare (lt/lte/gt/gte hold only between numbers).
 * `property.key` names a top-level property, or a nested one with dots (`specs.weight`).
 */
export const ruleConditionSchema = z.discriminatedUnion(
  'field',
  [
    z.strictObject({ field: z.literal('id'), op: setOp, value: idString(200) }),
    z.strictObject({ field: z.literal('category'), op: setOp, value: idString(200) }),
    z.strictObject({ field: z.literal('tag'), op: setOp, value: idString(100) }),
    z.strictObject({ field: z.literal('price'), op: compareOp, value: finite }),
    z.strictObject({
      field: z.literal('property'),
      key: z.string().regex(/^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,4}$/, 'must be a property name (letters, digits, _ and -; dots for nested ones)'),
      op: compareOp,
      value: z.union([z.string().max(200, 'must be at most 200 characters'), finite, z.boolean()], { message: 'must be a string, number or boolean' }),
    }),
  ],
  { message: 'must be one of id, category, tag, price, property' },
);
export type RuleCondition = z.output<typeof ruleConditionSchema>;

export const ruleInputSchema = z.strictObject({
  name: safeText(100).pipe(z.string().trim().min(1, 'must not be empty')),
  action: z.enum(RULE_ACTIONS, { message: `must be one of ${RULE_ACTIONS.join(', ')}` }),
  condition: ruleConditionSchema,
});
export type RuleInput = z.input<typeof ruleInputSchema>;

/** A rule as serving and the dashboard see it. */
export interface RecRuleView {
  id: string;
  name: string;
  action: RuleAction;
  condition: RuleCondition;
  createdAt: Date;
}

/** What a rule needs of an item (read from the catalog for the items a list considers). */
export interface RuleItem {
  id: string;
  categories: string[];
  tags: string[];
  price: number | null;
  properties: unknown;
}

/** What a list needs after ranking: the rules and the diversity cap (a leaf type: serving state holds it). */
export interface PostRanking {
  rules: readonly RecRuleView[];
  /** At most this many items per category (null: no cap). */
  maxPerCategory: number | null;
}
