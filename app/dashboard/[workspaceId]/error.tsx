'use client';

import { useEffect } from 'react';
import { InlineStatus } from '@/components/status-page';
import { buttonClass } from '@/components/ui/styles';

/** Errors inside a workspace page keep the sidebar, so the rest of the dashboard stays reachable. */
export default function WorkspaceError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => console.error(error), [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <InlineStatus
      code="Error"
      title="This page could not be loaded"
      actions={
        <button type="button" onClick={() => retry()} className={buttonClass('primary')}>
          Try again
        </button>
      }
    >
      Something went wrong on our side. It has been logged; please try again.
      {digest ? <p className="mt-2 font-mono text-xs text-stone-400">Reference: {digest}</p> : null}
    </InlineStatus>
  );
}
