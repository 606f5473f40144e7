// GET /verify-email?token=… - follows the link of a verification email and says what happened.
import type { Metadata } from 'next';
import Link from 'next/link';
import { auth } from '@/auth';
import { firstParam } from '@/app/lib/redirects';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/styles';
import { AppError } from '@/services/errors/app-error';
import { verifyEmail } from '@/services/auth/verify-email';

export const metadata: Metadata = { title: 'Verify your email', robots: { index: false }, referrer: 'no-referrer' };

// Verifying on GET (not behind a button) is deliberate: a mail scanner that opens the link first can
// only verify the address the link was sent to, which is what its owner asked for, and opening the
// link again then still says "verified" (services/auth/verify-email.ts).
async function outcome(token: string | undefined) {
  try {
    const { email, alreadyVerified } = await verifyEmail(token ?? '');
    return { ok: true as const, message: alreadyVerified ? `${email} is already verified.` : `${email} is verified. You can now create API keys.` };
  } catch (err) {
    if (err instanceof AppError) return { ok: false as const, message: err.message };
    throw err;
  }
}

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [result, session] = await Promise.all([searchParams.then((p) => outcome(firstParam(p.token))), auth()]);
  const signedIn = !!session?.user?.id;
  return (
    <>
      <h1 className="text-xl font-semibold text-stone-900">{result.ok ? 'Email verified' : 'This link can’t be used'}</h1>
      <Alert tone={result.ok ? 'success' : 'error'} className="mt-4" data-testid={result.ok ? 'email-verified' : 'email-verification-failed'}>
        {result.message}
      </Alert>
      <Link href={signedIn ? '/dashboard' : '/signin'} className={`${buttonClass('primary')} mt-6 w-full`}>
        {signedIn ? 'Go to your dashboard' : 'Sign in'}
      </Link>
    </>
  );
}
