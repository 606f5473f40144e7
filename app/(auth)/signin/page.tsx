import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { firstParam, safeCallbackUrl } from '@/app/lib/redirects';
import { SignInForm } from './signin-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstParam(params.callbackUrl));
  const session = await auth();
  if (session?.user?.id) redirect(callbackUrl);
  return (
    <>
      <h1 className="text-xl font-semibold text-stone-900">Sign in to Cairn</h1>
      <p className="mt-1 mb-6 text-sm text-stone-600">Welcome back. Enter your email and password.</p>
      <SignInForm callbackUrl={callbackUrl} email={firstParam(params.email)} />
    </>
  );
}
