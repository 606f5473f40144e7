import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusPage } from '@/components/status-page';
import { buttonClass } from '@/components/ui/styles';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="Page not found"
      testId="not-found"
      actions={
        <>
          <Link href="/dashboard" className={buttonClass('primary')}>
            Go to your dashboard
          </Link>
          <Link href="/" className={buttonClass('secondary')}>
            Home
          </Link>
        </>
      }
    >
      This page doesn’t exist, or you don’t have access to it. If someone sent you a link to a workspace, ask them to invite you.
    </StatusPage>
  );
}
