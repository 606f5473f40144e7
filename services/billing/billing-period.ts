import { currentPeriod } from '@/services/metering/meters';

/**
 * The period usage is billed in: the subscription's current period while a paid subscription
 * covers now, else the calendar month (UTC), which is also the Free plan's quota period.
 */
export function billingPeriod(
  account: { currentPeriodStart: Date | null; currentPeriodEnd: Date | null } | null,
  plan: string,
  now = new Date(),
): { start: Date; end: Date; source: 'subscription' | 'calendar month' } {
  if (plan !== 'free' && account?.currentPeriodStart && account.currentPeriodEnd && account.currentPeriodStart <= now && now < account.currentPeriodEnd) {
    return { start: account.currentPeriodStart, end: account.currentPeriodEnd, source: 'subscription' };
  }
  return { ...currentPeriod(now), source: 'calendar month' };
}
