import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { firstParam, safeCallbackUrl } from '@/app/lib/redirects';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Create your account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstParam(params.callbackUrl));
  const session = await auth();
  if (session?.user?.id) redirect(callbackUrl);
  return (
    <>
      <h1 className="text-xl font-semibold text-stone-900">Create your Cairn account</h1>
      <p className="mt-1 mb-6 text-sm text-stone-600">Free to start. Your first workspace is created for you.</p>
      <SignUpForm callbackUrl={callbackUrl} email={firstParam(params.email)} />
    </>
  );
}
