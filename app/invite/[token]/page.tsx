import type { Metadata } from 'next';
import Link from 'next/link';
import { auth } from '@/auth';
import { Logo } from '@/components/brand/logo';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/styles';
import { findPendingInvitation } from '@/services/members/accept-invitation';
import { formatDate } from '@/app/lib/format';
import { switchAccountAction } from './actions';
import { AcceptForm } from './accept-form';

export const metadata: Metadata = { title: 'Invitation', robots: { index: false } };

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-stone-50 px-4 py-12">
      <Logo className="mb-8" />
      <main className="w-full max-w-md rounded-2xl border border-stone-200 bg-white p-8 text-center shadow-sm">{children}</main>
    </div>
  );
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, session] = await Promise.all([findPendingInvitation(token), auth()]);

  if (!invitation) {
    return (
      <Shell>
        <h1 className="text-xl font-semibold text-stone-900" data-testid="invitation-invalid">This invitation can’t be used</h1>
        <p className="mt-2 text-sm text-stone-600">
          The link is invalid, has expired, was revoked or was already accepted. Ask a workspace admin to send you a new invitation.
        </p>
        <Link href={session?.user?.id ? '/dashboard' : '/'} className={`${buttonClass('secondary')} mt-6`}>
          {session?.user?.id ? 'Go to your dashboard' : 'Go to the home page'}
        </Link>
      </Shell>
    );
  }

  const here = `/invite/${token}`;
  const signedInAs = session?.user?.email;
  return (
    <Shell>
      <p className="text-sm text-stone-500">You have been invited to join</p>
      <h1 className="mt-1 text-2xl font-semibold text-stone-900" data-testid="invitation-workspace">
        {invitation.workspace.name}
      </h1>
      <p className="mt-3 text-sm text-stone-600">
        as <Badge tone="brand" className="capitalize">{invitation.role}</Badge> · for {invitation.email} · expires {formatDate(invitation.expiresAt)}
      </p>
      <div className="mt-8">
        {signedInAs ? (
          <>
            <AcceptForm token={token} workspaceName={invitation.workspace.name} />
            <p className="mt-4 text-xs text-stone-500">Signed in as {signedInAs}.</p>
            <form action={switchAccountAction.bind(null, token)} className="mt-1">
              <button type="submit" className="text-xs font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
                Use a different account
              </button>
            </form>
          </>
        ) : (
          <div className="flex flex-col gap-3">
            <Link href={`/signup?${new URLSearchParams({ callbackUrl: here, email: invitation.email })}`} className={buttonClass('primary', 'lg')}>
              Create an account to join
            </Link>
            <Link href={`/signin?${new URLSearchParams({ callbackUrl: here, email: invitation.email })}`} className={buttonClass('secondary', 'lg')}>
              I already have an account
            </Link>
          </div>
        )}
      </div>
    </Shell>
  );
}
