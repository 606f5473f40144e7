// GET /reset-password?token=… - the link of a password reset email. Opening it checks the link but
// uses nothing (a mail scanner may open it first); the form's POST uses it.
import type { Metadata } from 'next';
import Link from 'next/link';
import { firstParam } from '@/app/lib/redirects';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/styles';
import { AppError } from '@/services/errors/app-error';
import { checkPasswordResetToken } from '@/services/auth/reset-password';
import { ResetPasswordForm } from './reset-password-form';

// no-referrer: the token in the URL must not leak to any other origin through the Referer header.
export const metadata: Metadata = { title: 'Choose a new password', robots: { index: false }, referrer: 'no-referrer' };

async function check(token: string) {
  try {
    return { ok: true as const, email: (await checkPasswordResetToken(token)).email };
  } catch (err) {
    if (err instanceof AppError) return { ok: false as const, message: err.message };
    throw err;
  }
}

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = firstParam((await searchParams).token) ?? '';
  const result = await check(token);
  if (!result.ok) {
    return (
      <>
        <h1 className="text-xl font-semibold text-stone-900">This link can’t be used</h1>
        <Alert tone="error" className="mt-4" data-testid="reset-link-refused">
          {result.message}
        </Alert>
        <Link href="/forgot-password" className={`${buttonClass('primary')} mt-6 w-full`}>
          Send a new link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold text-stone-900">Choose a new password</h1>
      <p className="mt-1 mb-6 text-sm text-stone-600">
        For <span className="font-medium text-stone-900">{result.email}</span>. Every session of the account will be signed out.
      </p>
      <ResetPasswordForm token={token} email={result.email} />
    </>
  );
}
