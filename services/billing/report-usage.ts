import { stripeSettings } from './stripe-config';
import { claimUsageReports } from './claim-usage-reports';
import { sendUsageReports } from './send-usage-reports';

export interface ReportUsageResult {
  skipped?: 'stripe not configured';
  claimedReports: number;
  claimedRecords: number;
  sent: number;
  failed: number;
}

/**
 * Reports the metering ledger to Stripe Billing Meters, exactly once: claims unreported usage
 * into the outbox, then sends every pending outbox row (also those a crashed or failed run left),
 * until nothing is left or Stripe fails. Safe to run concurrently and to kill at any point.
 * `workspaceIds` limits a run to those workspaces (default: every workspace with a customer).
 */
export async function reportUsage(
  opts: { claimLimit?: number; sendLimit?: number; concurrency?: number; workspaceIds?: string[] } = {},
  settings = stripeSettings(),
): Promise<ReportUsageResult> {
  const out: ReportUsageResult = { claimedReports: 0, claimedRecords: 0, sent: 0, failed: 0 };
  if (!settings.configured) return { ...out, skipped: 'stripe not configured' };
  for (let round = 0; round < 100; round++) {
    const scope = opts.workspaceIds ? { workspaceIds: opts.workspaceIds } : {};
    const claimed = await claimUsageReports({ ...scope, ...(opts.claimLimit ? { limit: opts.claimLimit } : {}) });
    out.claimedReports += claimed.reports;
    out.claimedRecords += claimed.records;
    const sent = await sendUsageReports({ ...scope, ...(opts.sendLimit ? { limit: opts.sendLimit } : {}), ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) });
    out.sent += sent.sent;
    out.failed += sent.failed;
    if (sent.stoppedEarly || sent.failed > 0 || (claimed.records === 0 && sent.sent === 0)) break;
  }
  return out;
}
