import { describe, expect, it } from 'vitest';
import { matches, whereFor } from '@/services/recommend/rules/match-rule';
import { ruleConditionSchema, type RuleCondition, type RuleItem } from '@/services/recommend/rules/schemas';

const item: RuleItem = { id: 'sku-1', categories: ['tents'], tags: ['sale'], price: 40, properties: { brand: 'acme', weight: 2.5, specs: { season: 3 }, eco: true, code: '42' } };
const c = (x: unknown) => ruleConditionSchema.parse(x) as RuleCondition;

describe('rule conditions', () => {
  it('test membership for id, category and tag (eq: has, ne: has not)', () => {
    expect(matches(c({ field: 'id', op: 'eq', value: 'sku-1' }), item)).toBe(true);
    expect(matches(c({ field: 'id', op: 'ne', value: 'sku-1' }), item)).toBe(false);
    expect(matches(c({ field: 'category', op: 'eq', value: 'boots' }), item)).toBe(false);
    expect(matches(c({ field: 'category', op: 'ne', value: 'boots' }), item)).toBe(true);
    expect(matches(c({ field: 'tag', op: 'eq', value: 'sale' }), item)).toBe(true);
  });

  it('compare price and properties; order comparisons only between numbers; eq is strict', () => {
    expect(matches(c({ field: 'price', op: 'lt', value: 50 }), item)).toBe(true);
    expect(matches(c({ field: 'price', op: 'gte', value: 50 }), item)).toBe(false);
    expect(matches(c({ field: 'price', op: 'lt', value: 50 }), { ...item, price: null })).toBe(false);
    expect(matches(c({ field: 'property', key: 'brand', op: 'eq', value: 'acme' }), item)).toBe(true);
    expect(matches(c({ field: 'property', key: 'specs.season', op: 'gte', value: 3 }), item)).toBe(true);
    expect(matches(c({ field: 'property', key: 'eco', op: 'eq', value: true }), item)).toBe(true);
    expect(matches(c({ field: 'property', key: 'code', op: 'eq', value: 42 }), item)).toBe(false);
    expect(matches(c({ field: 'property', key: 'brand', op: 'gt', value: 'a' }), item)).toBe(false);
    expect(matches(c({ field: 'property', key: 'missing', op: 'ne', value: 'x' }), item)).toBe(true);
    expect(matches(c({ field: 'property', key: 'brand.deeper', op: 'eq', value: 'x' }), item)).toBe(false);
    expect(matches(c({ field: 'property', key: 'constructor', op: 'ne', value: 'x' }), item)).toBe(true); // own keys only: absent
    expect(matches(c({ field: 'property', key: '__proto__', op: 'eq', value: 'x' }), item)).toBe(false);
  });

  it('narrow catalog reads only where they can (ne reads everything)', () => {
    expect(whereFor(c({ field: 'category', op: 'eq', value: 'tents' }))).toEqual({ categories: { has: 'tents' } });
    expect(whereFor(c({ field: 'property', key: 'specs.season', op: 'lt', value: 4 }))).toEqual({ properties: { path: ['specs', 'season'], lt: 4 } });
    expect(whereFor(c({ field: 'tag', op: 'ne', value: 'sale' }))).toEqual({});
  });

  it('refuse what is not a condition', () => {
    expect(ruleConditionSchema.safeParse({ field: 'property', key: '__proto__ x', op: 'eq', value: 1 }).success).toBe(false);
    expect(ruleConditionSchema.safeParse({ field: 'price', op: 'eq', value: Infinity }).success).toBe(false);
    expect(ruleConditionSchema.safeParse({ field: 'id', op: 'eq', value: 'a', extra: 1 }).success).toBe(false);
  });
});
