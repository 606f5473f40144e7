import { formatDate, formatDateTime, maskedKey } from '@/app/lib/format';
import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { tableClass, tdClass, thClass } from '@/components/ui/styles';
import { SCOPES } from '@/services/api-keys/scopes';
import type { listApiKeys } from '@/services/api-keys/list-api-keys';
import { revokeApiKeyAction } from './actions';

type KeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];

function Scopes({ scopes }: { scopes: string[] }) {
  if (scopes.length === SCOPES.length) return <Badge tone="brand">All scopes</Badge>;
  return (
    <ul className="flex max-w-xs flex-wrap gap-1">
      {scopes.map((s) => (
        <li key={s}>
          <Badge className="font-mono">{s}</Badge>
        </li>
      ))}
    </ul>
  );
}

/** Active keys, with revoke for admins. */
export function KeysTable({ workspaceId, keys, canManage }: { workspaceId: string; keys: KeyRow[]; canManage: boolean }) {
  if (keys.length === 0) {
    return <EmptyState title="No active keys">{canManage ? 'Create one above to start calling the API.' : 'An admin can create one.'}</EmptyState>;
  }
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} data-testid="api-keys-table">
        <thead className="bg-stone-50">
          <tr>
            <th scope="col" className={thClass}>Name</th>
            <th scope="col" className={thClass}>Key</th>
            <th scope="col" className={thClass}>Scopes</th>
            <th scope="col" className={thClass}>Created</th>
            <th scope="col" className={thClass}>Last used</th>
            {canManage ? <th scope="col" className={thClass}><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {keys.map((k) => (
            <tr key={k.id} data-testid="api-key-row" data-key-id={k.id}>
              <td className={tdClass}>
                <p className="font-medium text-stone-900">{k.name}</p>
                <Badge tone={k.type === 'secret' ? 'neutral' : 'blue'} className="mt-1 capitalize">{k.type}</Badge>
              </td>
              <td className={`${tdClass} font-mono text-xs whitespace-nowrap text-stone-900`} data-testid="api-key-masked">
                {maskedKey(k.prefix, k.last4)}
              </td>
              <td className={tdClass}>
                <Scopes scopes={k.scopes} />
                {k.allowedOrigins.length > 0 ? (
                  <p className="mt-1.5 text-xs text-stone-500">Origins: {k.allowedOrigins.join(', ')}</p>
                ) : null}
              </td>
              <td className={`${tdClass} whitespace-nowrap`}>{formatDate(k.createdAt)}</td>
              <td className={`${tdClass} whitespace-nowrap`}>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : <span className="text-stone-400">never</span>}</td>
              {canManage ? (
                <td className={`${tdClass} text-right`}>
                  <ConfirmAction
                    action={revokeApiKeyAction.bind(null, workspaceId, k.id)}
                    trigger="Revoke"
                    triggerLabel={`Revoke ${k.name}`}
                    triggerTestId="revoke-key"
                    confirmTestId="confirm-revoke-key"
                    title={`Revoke “${k.name}”?`}
                    confirmLabel="Revoke key"
                  >
                    Requests using <code className="font-mono">{maskedKey(k.prefix, k.last4)}</code> will be refused within seconds. This cannot be undone.
                  </ConfirmAction>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
