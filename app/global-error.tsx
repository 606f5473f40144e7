'use client';

import './globals.css';

/** Last resort when the root layout itself fails: its own document, same look. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen items-center justify-center bg-stone-50 px-4 text-center font-sans">
        <title>Something went wrong · Cairn</title>
        <main className="max-w-md">
          <p className="text-sm font-semibold text-brand-600">Error</p>
          <h1 className="mt-2 text-3xl font-semibold tracking-tight text-stone-900">Something went wrong</h1>
          <p className="mt-3 text-sm text-stone-600">Cairn could not load this page. Please try again.</p>
          <button type="button" onClick={() => retry()} className="mt-8 rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
