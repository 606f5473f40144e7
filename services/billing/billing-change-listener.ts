// Billing changes reach every api process at once: the transaction that changes a workspace's
// plan sends NOTIFY (notify-billing-change.ts) and each api process LISTENs on one dedicated
// connection, dropping its cached state of that workspace. If the connection drops, every cached
// state is dropped (a notification may have been missed) and it reconnects; QUOTA_CACHE_TTL_MS
// bounds staleness meanwhile.
import { startNotifyListener } from '@/services/db/notify-listener';
import { invalidateBillingState } from './billing-state';
import { BILLING_CHANNEL } from './notify-billing-change';

export function startBillingChangeListener(opts: { connectionString: string; log: { warn: (obj: object, msg: string) => void } }): { stop: () => Promise<void> } {
  return startNotifyListener({
    ...opts,
    name: 'cairn-billing-listener',
    channels: { [BILLING_CHANNEL]: (workspaceId) => invalidateBillingState(workspaceId) },
    onGap: () => invalidateBillingState(),
  });
}
