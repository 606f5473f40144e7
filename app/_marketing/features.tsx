import type { ReactNode } from 'react';

const FEATURES: { title: string; body: string; icon: ReactNode }[] = [
  {
    title: 'Behaviour collection',
    body: 'Send views, clicks and purchases from your servers or straight from the browser with a publishable key. Events are deduplicated by id, so retries never double count.',
    icon: <path d="M4 17l5-5 4 4 7-8M14 8h6v6" />,
  },
  {
    title: 'Recommendations',
    body: 'Personalised, similar-item and popular rankings trained on your own events. Models retrain in the background; requests stay fast.',
    icon: <path d="M12 3l2.6 5.6 6.1.7-4.5 4.2 1.2 6L12 16.5 6.6 19.5l1.2-6L3.3 9.3l6.1-.7z" />,
  },
  {
    title: 'Chatbot widget',
    body: 'A small embeddable widget that answers from your knowledge base and streams replies. One script tag and a publishable key restricted to your origins.',
    icon: <path d="M4 5h16v11H9l-5 4zM8 9h8M8 12h5" />,
  },
  {
    title: 'Sentiment and embeddings',
    body: 'Score reviews and support tickets, or embed text for search and clustering, through the same API and the same keys.',
    icon: <path d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8.5 14.5s1.2 1.5 3.5 1.5 3.5-1.5 3.5-1.5M9 10h.01M15 10h.01" />,
  },
  {
    title: 'Usage-based billing',
    body: 'Every event, recommendation, chat message and scored text is metered durably as it happens. Watch usage per day in the dashboard.',
    icon: <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />,
  },
  {
    title: 'Built for teams',
    body: 'Workspaces with owners, admins and members, scoped and revocable API keys stored only as hashes, and an audit log of every sensitive change.',
    icon: <path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4" />,
  },
];

export function Features() {
  return (
    <section id="features" aria-labelledby="features-heading" className="mx-auto max-w-6xl px-6 py-20">
      <p className="text-sm font-semibold text-brand-600">Everything behind one API</p>
      <h2 id="features-heading" className="mt-2 max-w-2xl text-3xl font-semibold tracking-tight text-stone-900">
        The AI features your users expect, without building an ML team first
      </h2>
      <div className="mt-12 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
        {FEATURES.map((f) => (
          <div key={f.title} className="rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <span className="inline-flex size-10 items-center justify-center rounded-lg bg-brand-50 text-brand-700">
              <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                {f.icon}
              </svg>
            </span>
            <h3 className="mt-4 text-base font-semibold text-stone-900">{f.title}</h3>
            <p className="mt-2 text-sm leading-6 text-stone-600">{f.body}</p>
          </div>
        ))}
      </div>
    </section>
  );
}
