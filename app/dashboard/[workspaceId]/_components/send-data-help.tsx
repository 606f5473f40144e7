import Link from 'next/link';
import { CodeBlock } from '@/components/ui/code-block';
import { linkClass } from '@/components/ui/styles';
import { env } from '@/services/config/env';

/** An empty state that shows how to send data: a curl call against this deployment's API. */
export function SendDataHelp({ base, kind, title }: { base: string; kind: 'events' | 'items'; title: string }) {
  const api = env().PUBLIC_API_URL;
  const curl =
    kind === 'events'
      ? `curl -X POST ${api}/v1/events \\\n  -H "Authorization: Bearer sk_live_..." -H "Content-Type: application/json" \\\n  -d '{"events": [{"id": "evt-1", "type": "view", "userId": "u-42", "itemId": "sku-1"}]}'`
      : `curl -X PUT ${api}/v1/items \\\n  -H "Authorization: Bearer sk_live_..." -H "Content-Type: application/json" \\\n  -d '{"items": [{"id": "sku-1", "title": "Trail shoe", "categories": ["shoes"], "price": 89.5, "currency": "EUR"}]}'`;
  return (
    <div className="px-6 py-10" data-testid="send-data-help">
      <p className="text-center text-sm font-medium text-stone-900">{title}</p>
      <p className="mx-auto mt-1 max-w-xl text-center text-sm text-stone-500">
        {kind === 'events'
          ? 'Send what your users do, in batches of up to 1,000 (retries are safe: ids deduplicate).'
          : 'Send your catalog, up to 1,000 items a call (a PUT replaces the item).'}{' '}
        Use a secret key from the{' '}
        <Link href={`${base}/api-keys`} className={linkClass}>
          API keys
        </Link>{' '}
        page.
      </p>
      <CodeBlock value={curl} testId="send-data-curl" className="mx-auto mt-5 max-w-3xl text-left" />
    </div>
  );
}
