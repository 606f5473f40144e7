import { Logo } from '@/components/brand/logo';

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-stone-50 px-4 py-12">
      <Logo className="mb-8" />
      <main className="w-full max-w-md rounded-2xl border border-stone-200 bg-white p-8 shadow-sm">{children}</main>
    </div>
  );
}
