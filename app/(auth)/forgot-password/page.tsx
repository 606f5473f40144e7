import type { Metadata } from 'next';
import { firstParam } from '@/app/lib/redirects';
import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Reset your password' };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const email = firstParam((await searchParams).email);
  return (
    <>
      <h1 className="text-xl font-semibold text-stone-900">Reset your password</h1>
      <p className="mt-1 mb-6 text-sm text-stone-600">Enter the email of your account and we will send you a link to choose a new password.</p>
      <ForgotPasswordForm email={email} />
    </>
  );
}
