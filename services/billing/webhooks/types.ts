import type Stripe from 'stripe';

/** One handler per allowed event type. It treats the event as a trigger and re-reads state from Stripe. */
export type WebhookHandler = (event: Stripe.Event) => Promise<{ workspaceId?: string; outcome: string }>;

export const customerIdOf = (c: string | { id: string } | null | undefined) => (typeof c === 'string' ? c : (c?.id ?? null));
