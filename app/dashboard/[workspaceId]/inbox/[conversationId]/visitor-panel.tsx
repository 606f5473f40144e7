import { formatDateTime } from '@/app/lib/format';
import { Section } from '@/components/ui/page-header';
import type { getVisitorContext } from '@/services/chat/get-visitor-context';

/** Who the visitor is (identified visitors only): their traits and latest events in this workspace. */
export function VisitorPanel({ visitor }: { visitor: Awaited<ReturnType<typeof getVisitorContext>> }) {
  return (
    <Section title="Visitor">
      <div className="space-y-3 p-5 text-sm" data-testid="visitor-context">
        {!visitor ? (
          <p className="text-stone-500">Anonymous: the widget was not given a user id (data-user-id).</p>
        ) : (
          <>
            <p>
              User <span className="font-mono" data-testid="visitor-user-id">{visitor.userId}</span>
              {visitor.known ? null : <span className="text-stone-500"> (no profile stored)</span>}
            </p>
            {visitor.traits.length ? (
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs" data-testid="visitor-traits">
                {visitor.traits.map((t) => (
                  <div key={t.key} className="contents">
                    <dt className="text-stone-500">{t.key}</dt>
                    <dd className="break-all text-stone-900">{t.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            <div>
              <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">Recent events</p>
              {visitor.events.length ? (
                <ul className="mt-1 space-y-1 text-xs" data-testid="visitor-events">
                  {visitor.events.map((e) => (
                    <li key={e.id}>
                      <span className="font-medium text-stone-900">{e.type}</span>
                      {e.itemId ? <span> · {e.itemId}</span> : null}
                      {e.value !== null ? <span> · {e.value}</span> : null}
                      <span className="text-stone-500"> · {formatDateTime(e.timestamp)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1 text-xs text-stone-500">None recorded.</p>
              )}
            </div>
          </>
        )}
      </div>
    </Section>
  );
}
