import Stripe from 'stripe';
import { db } from '@/services/db/client';
import type { Meter } from '@/services/metering/meters';
import { stripeSettings } from './stripe-config';
import { stripe } from './stripe-client';

interface PendingReport {
  workspaceId: string;
  id: bigint;
  meter: string;
  quantity: bigint;
  occurredAt: Date;
  stripeCustomerId: string;
  identifier: string;
}

export interface SendResult {
  sent: number;
  failed: number;
  /** Stripe looked down (timeouts, 5xx, connection errors): the run stopped early. */
  stoppedEarly: boolean;
}

/** Errors worth retrying right away in the same run are the ones Stripe's client already retried. */
const isTransient = (err: unknown) =>
  err instanceof Stripe.errors.StripeConnectionError ||
  err instanceof Stripe.errors.StripeAPIError ||
  err instanceof Stripe.errors.StripeRateLimitError ||
  (err instanceof Stripe.errors.StripeError && (err.statusCode ?? 500) >= 500);

/**
 * The second half of usage reporting: sends each outbox row Stripe has not accepted yet as one
 * meter event, with the row's fixed identifier (also the request's Idempotency-Key), and marks
 * it sent. A crash between Stripe's answer and the mark, a timeout or a 500 leaves the row
 * pending; the next run sends the same identifier again and Stripe keeps one event. After a few
 * transient failures in a row the run stops (Stripe is down; the next run retries).
 */
export async function sendUsageReports(
  opts: { limit?: number; concurrency?: number; maxTransientFailures?: number; workspaceIds?: string[] } = {},
): Promise<SendResult> {
  const settings = stripeSettings();
  const only = opts.workspaceIds ?? null;
  const pending = await db().$queryRaw<PendingReport[]>`
    SELECT r."workspaceId", r."id", r."meter", r."quantity", r."occurredAt", r."stripeCustomerId", r."identifier"
    FROM "UsageReport" r JOIN "BillingAccount" b ON b."workspaceId" = r."workspaceId"
    WHERE r."sentAt" IS NULL AND (${only}::text[] IS NULL OR b."workspaceId" = ANY(${only}::text[]))
    ORDER BY r."createdAt", r."id"
    LIMIT ${opts.limit ?? 5_000}`;
  const result: SendResult = { sent: 0, failed: 0, stoppedEarly: false };
  let transientInARow = 0;
  const maxTransient = opts.maxTransientFailures ?? 3;
  let next = 0;

  const worker = async () => {
    while (next < pending.length && !result.stoppedEarly) {
      const r = pending[next++]!;
      try {
        const timestamp = Math.min(Math.floor(r.occurredAt.getTime() / 1000), Math.floor(Date.now() / 1000));
        await stripe().billing.meterEvents.create(
          {
            event_name: settings.meterEventName(r.meter as Meter),
            payload: { stripe_customer_id: r.stripeCustomerId, value: r.quantity.toString() },
            identifier: r.identifier,
            timestamp,
          },
          { idempotencyKey: r.identifier },
        );
        await db().$executeRaw`
          UPDATE "UsageReport" SET "sentAt" = now(), "attempts" = "attempts" + 1, "lastError" = NULL
          WHERE "workspaceId" = ${r.workspaceId} AND "id" = ${r.id} AND "sentAt" IS NULL`;
        result.sent++;
        transientInARow = 0;
      } catch (err) {
        result.failed++;
        const message = String((err as Error).message ?? err).slice(0, 1000);
        await db()
          .$executeRaw`UPDATE "UsageReport" SET "attempts" = "attempts" + 1, "lastError" = ${message} WHERE "workspaceId" = ${r.workspaceId} AND "id" = ${r.id} AND "sentAt" IS NULL`
          .catch(() => undefined);
        if (isTransient(err) && ++transientInARow >= maxTransient) result.stoppedEarly = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return result;
}
