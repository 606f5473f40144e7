// The one Stripe client of a process. STRIPE_API_BASE points it elsewhere (tests: the local fake
// Stripe in test/support/fake-stripe.ts) through the client's host / port / protocol options.
import Stripe from 'stripe';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { STRIPE_SETUP_HELP, stripeSettings } from './stripe-config';

let client: Stripe | undefined;

export function createStripeClient(opts: { secretKey: string; apiBase?: string; timeoutMs: number; maxNetworkRetries: number }): Stripe {
  const base = opts.apiBase ? new URL(opts.apiBase) : undefined;
  return new Stripe(opts.secretKey, {
    timeout: opts.timeoutMs,
    maxNetworkRetries: opts.maxNetworkRetries,
    telemetry: false,
    appInfo: { name: 'Cairn' },
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

/** The configured client, or an AppError explaining how to connect Stripe. */
export function stripe(): Stripe {
  if (client) return client;
  const e = env();
  if (!stripeSettings().configured || !e.STRIPE_SECRET_KEY) throw new AppError('unavailable', STRIPE_SETUP_HELP);
  client = createStripeClient({
    secretKey: e.STRIPE_SECRET_KEY,
    ...(e.STRIPE_API_BASE ? { apiBase: e.STRIPE_API_BASE } : {}),
    timeoutMs: e.STRIPE_TIMEOUT_MS,
    maxNetworkRetries: e.STRIPE_MAX_NETWORK_RETRIES,
  });
  return client;
}
