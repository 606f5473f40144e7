import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { firstParam, safeCallbackUrl } from '@/app/lib/redirects';
import { Alert } from '@/components/ui/alert';
import { SignInForm } from './signin-form';

export const metadata: Metadata = { title: 'Sign in' };

// The same words whether the email was new or already had an account (app/(auth)/actions.ts).
const SIGNED_UP_NOTICE =
  'If this email is new to Cairn, your account and workspace are ready and we emailed you a link to verify the address; if it already had an account, nothing was changed. Sign in with your password to continue.';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstParam(params.callbackUrl));
  const session = await auth();
  if (session?.user?.id) redirect(callbackUrl);
  return (
    <>
      <h1 className="text-xl font-semibold text-stone-900">Sign in to Cairn</h1>
      <p className="mt-1 mb-6 text-sm text-stone-600">Welcome back. Enter your email and password.</p>
      {firstParam(params.notice) === 'signed-up' ? (
        <Alert tone="success" title="Sign in to continue" className="mb-5" data-testid="signup-notice">
          {SIGNED_UP_NOTICE}
        </Alert>
      ) : null}
      {firstParam(params.notice) === 'password-reset' ? (
        <Alert tone="success" title="Password changed" className="mb-5" data-testid="password-reset-notice">
          Your new password is set and every other session of the account was signed out. Sign in with the new password.
        </Alert>
      ) : null}
      {/* Auth.js's own endpoint (a POST to /api/auth/callback/credentials) redirects here with the code. */}
      {firstParam(params.code) === 'too_many_attempts' ? (
        <Alert tone="error" className="mb-5" data-testid="throttle-notice">
          Too many sign-in attempts; wait a few minutes before trying again.
        </Alert>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} email={firstParam(params.email)} />
    </>
  );
}
