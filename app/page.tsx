import Link from 'next/link';
import { Logo } from '@/components/brand/logo';
import { buttonClass, linkClass } from '@/components/ui/styles';
import { METERS, METER_LABELS } from '@/services/metering/meters';
import { Features } from './_marketing/features';
import { HowItWorks } from './_marketing/how-it-works';

export default function LandingPage() {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-10 border-b border-stone-200/80 bg-stone-50/90 backdrop-blur">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between px-6 py-4">
          <Logo />
          <div className="flex items-center gap-2 sm:gap-4">
            <a href="#features" className="hidden text-sm text-stone-600 hover:text-stone-900 sm:inline">
              Features
            </a>
            <a href="#pricing" className="hidden text-sm text-stone-600 hover:text-stone-900 sm:inline">
              Pricing
            </a>
            <Link href="/signin" className={buttonClass('ghost')}>
              Sign in
            </Link>
            <Link href="/signup" className={buttonClass('primary')}>
              Get started
            </Link>
          </div>
        </nav>
      </header>

      <main className="flex-1">
        <section className="mx-auto max-w-6xl px-6 pt-20 pb-16 text-center sm:pt-28">
          <p className="inline-flex items-center gap-2 rounded-full border border-brand-100 bg-brand-50 px-3 py-1 text-xs font-medium text-brand-700">
            Recommendations · Chat · Sentiment · Embeddings
          </p>
          <h1 className="mx-auto mt-6 max-w-3xl text-4xl font-semibold tracking-tight text-balance text-stone-900 sm:text-6xl">
            Add AI to your product with one API
          </h1>
          <p className="mx-auto mt-6 max-w-2xl text-lg leading-8 text-pretty text-stone-600">
            Cairn collects how people use your product, turns it into recommendations, answers their questions with a chatbot widget and
            reads the sentiment of what they write. Multi-tenant, secure by default, billed by usage.
          </p>
          <div className="mt-10 flex flex-col items-center justify-center gap-3 sm:flex-row">
            <Link href="/signup" className={buttonClass('primary', 'lg')}>
              Create a free workspace
            </Link>
            <Link href="/signin" className={buttonClass('secondary', 'lg')}>
              Sign in to the dashboard
            </Link>
          </div>
        </section>

        <Features />
        <HowItWorks />

        <section id="pricing" aria-labelledby="pricing-heading" className="mx-auto max-w-6xl px-6 py-20">
          <div className="grid gap-10 lg:grid-cols-2 lg:items-center">
            <div>
              <h2 id="pricing-heading" className="text-3xl font-semibold tracking-tight text-stone-900">
                Pay for what you use
              </h2>
              <p className="mt-4 text-stone-600">
                Start free. Every billable unit is recorded once, in the same transaction as the work, and shown per day in your dashboard
                so an invoice is never a surprise.
              </p>
              <Link href="/signup" className={`${linkClass} mt-6 inline-block`}>
                Start building →
              </Link>
            </div>
            <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white shadow-sm">
              {METERS.map((m) => (
                <li key={m} className="flex items-center justify-between px-5 py-3.5 text-sm">
                  <span className="text-stone-800">{METER_LABELS[m]}</span>
                  <span className="text-stone-500">metered per unit</span>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>

      <footer className="border-t border-stone-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-col items-center justify-between gap-4 px-6 py-8 text-sm text-stone-500 sm:flex-row">
          <Logo />
          <p>© {new Date().getFullYear()} Cairn. AI features for startups.</p>
        </div>
      </footer>
    </div>
  );
}
