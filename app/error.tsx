'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { StatusPage } from '@/components/status-page';
import { buttonClass } from '@/components/ui/styles';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => console.error(error), [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      testId="error-page"
      actions={
        <>
          <button type="button" onClick={() => retry()} className={buttonClass('primary')}>
            Try again
          </button>
          <Link href="/" className={buttonClass('secondary')}>
            Home
          </Link>
        </>
      }
    >
      An unexpected error stopped this page from loading. It has been logged; please try again.
      {digest ? <p className="mt-2 font-mono text-xs text-stone-400">Reference: {digest}</p> : null}
    </StatusPage>
  );
}
