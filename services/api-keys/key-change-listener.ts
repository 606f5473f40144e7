// A revoked key, or a plan change (the cached key carries its workspace's plan), reaches every api
// process at once: each LISTENs and drops that workspace's cached keys, so the next request reads
// the database. API_KEY_CACHE_TTL_MS (≤ 5 s, default 2 s) stays the safety net when a notification
// is lost with the connection (then the whole cache is dropped on reconnect).
import { startNotifyListener } from '@/services/db/notify-listener';
import { BILLING_CHANNEL } from '@/services/billing/notify-billing-change';
import { invalidateApiKeys } from './resolve-api-key';
import { API_KEY_CHANNEL } from './notify-key-change';

export function startApiKeyChangeListener(opts: { connectionString: string; log: { warn: (obj: object, msg: string) => void } }) {
  return startNotifyListener({
    ...opts,
    name: 'cairn-api-key-listener',
    channels: { [API_KEY_CHANNEL]: (workspaceId) => invalidateApiKeys(workspaceId), [BILLING_CHANNEL]: (workspaceId) => invalidateApiKeys(workspaceId) },
    onGap: () => invalidateApiKeys(),
  });
}
