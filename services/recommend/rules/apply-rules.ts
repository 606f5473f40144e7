// After ranking: the workspace's business rules and the diversity cap, on every endpoint. Only
// lists that have rules or a cap come here (the default path never does): they are ranked longer
// (overFetch), then re-ordered here with the catalog facts of the items read in one query, plus
// one more for items a pin or filter rule names that ranking did not bring.
import { db } from '@/services/db/client';
import type { RankedItem } from '../rank';
import { matches, whereFor } from './match-rule';
import type { PostRanking, RuleItem } from './schemas';

/** How long a list is ranked before rules and the cap shorten it. */
export function overFetch(limit: number): number {
  return Math.min(300, limit * 3 + 20);
}

/** Tiers: pinned first, then boosted, then the rest, buried last; ranking order within a tier. */
const PIN = 0;
const BOOST = 1;
const PLAIN = 2;
const BURY = 3;

const RULE_SELECT = { id: true, categories: true, tags: true, price: true, properties: true } as const;

/**
 * The final `limit` items: filter rules keep only matching items (all must hold), pin rules put
 * their items first (also ones ranking left out, if `accept` lets them through: the request's
 * filters and exclusions still hold), boost rules next, bury rules last; then at most
 * `maxPerCategory` items per category (an item counts in each of its categories). An item a
 * rule moved carries its `ruleId`.
 */
export async function applyRules(workspaceId: string, ranked: readonly RankedItem[], post: PostRanking, accept: (id: string) => boolean, limit: number): Promise<RankedItem[]> {
  const { rules, maxPerCategory } = post;
  const naming = rules.filter((r) => r.action === 'pin' || r.action === 'filter');
  const [rows, named] = await Promise.all([
    ranked.length === 0 ? [] : db().item.findMany({ where: { workspaceId, id: { in: ranked.map((r) => r.id) }, deletedAt: null }, select: RULE_SELECT }),
    naming.length === 0
      ? []
      : db().item.findMany({
          where: { workspaceId, deletedAt: null, OR: naming.map((r) => whereFor(r.condition)) },
          select: RULE_SELECT,
          orderBy: { id: 'asc' },
          take: overFetch(limit),
        }),
  ]);
  const facts = new Map<string, RuleItem>();
  for (const r of [...rows, ...named]) facts.set(r.id, r);
  const candidates: RankedItem[] = [...ranked];
  const have = new Set(ranked.map((r) => r.id));
  for (const r of named) if (!have.has(r.id) && accept(r.id)) candidates.push({ id: r.id, score: 0, reason: 'rule' });

  const filters = rules.filter((r) => r.action === 'filter');
  const placed: { item: RankedItem; tier: number; at: number; cats: string[] }[] = [];
  candidates.forEach((item, at) => {
    const f = facts.get(item.id);
    if (!f) return; // deleted meanwhile
    if (!filters.every((r) => matches(r.condition, f))) return;
    const pin = rules.find((r) => r.action === 'pin' && matches(r.condition, f));
    const boost = rules.find((r) => r.action === 'boost' && matches(r.condition, f));
    const bury = rules.find((r) => r.action === 'bury' && matches(r.condition, f));
    const fromRanking = at < ranked.length;
    // An item ranking did not bring is only added when pinned, or to fill a filtered list.
    if (!fromRanking && !pin && filters.length === 0) return;
    const tier = pin ? PIN : boost && !bury ? BOOST : bury && !boost ? BURY : PLAIN;
    const rule = pin ?? (tier === BOOST ? boost : tier === BURY ? bury : undefined) ?? (!fromRanking ? filters[0] : undefined);
    placed.push({ item: rule ? { ...item, ruleId: rule.id } : item, tier, at, cats: f.categories });
  });
  placed.sort((a, b) => a.tier - b.tier || a.at - b.at);

  const out: RankedItem[] = [];
  const perCategory = new Map<string, number>();
  for (const p of placed) {
    if (out.length >= limit) break;
    if (maxPerCategory !== null) {
      if (p.cats.some((c) => (perCategory.get(c) ?? 0) >= maxPerCategory)) continue;
      for (const c of p.cats) perCategory.set(c, (perCategory.get(c) ?? 0) + 1);
    }
    out.push(p.item);
  }
  return out;
}
