// How a Stripe subscription status maps to what the workspace may use.

/** Statuses that keep the paid plan: active, trialing, and past_due (Stripe is retrying payment). */
const LIVE = new Set(['active', 'trialing', 'past_due']);

export const hasLiveSubscription = (status: string | null | undefined) => Boolean(status && LIVE.has(status));
