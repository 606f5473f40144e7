import type { ReactNode } from 'react';
import { Logo } from '@/components/brand/logo';

/** Full-page message in the product's look: 404s, errors, dead links. */
export function StatusPage({ code, title, children, actions, testId }: { code: string; title: string; children?: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-stone-50 px-4 py-12 text-center">
      <Logo className="mb-10" />
      <main className="max-w-md" data-testid={testId}>
        <p className="text-sm font-semibold text-brand-600">{code}</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-stone-900">{title}</h1>
        {children ? <div className="mt-3 text-sm leading-6 text-stone-600">{children}</div> : null}
        {actions ? <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div> : null}
      </main>
    </div>
  );
}

/** The same message inside the dashboard shell (keeps the sidebar). */
export function InlineStatus({ code, title, children, actions }: { code: string; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">{code}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-stone-900">{title}</h1>
      {children ? <div className="mt-3 text-sm leading-6 text-stone-600">{children}</div> : null}
      {actions ? <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div> : null}
    </div>
  );
}
