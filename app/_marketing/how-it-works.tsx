const STEPS = [
  { n: '1', title: 'Create a workspace and a key', body: 'Sign up, invite your team and create a secret key for your backend, or a publishable key for the browser.' },
  { n: '2', title: 'Send events and your catalog', body: 'Post what users do and what you sell. Cairn stores it per workspace, isolated from every other tenant.' },
  { n: '3', title: 'Call the models', body: 'Ask for recommendations, embed the chat widget, score sentiment. Pay only for the units you use.' },
];

const SNIPPET = `curl http://localhost:4000/v1/events \\
  -H "Authorization: Bearer sk_live_..." \\
  -H "Content-Type: application/json" \\
  -d '{"id":"evt_1","type":"view",
       "userId":"u_42","itemId":"sku_9"}'`;

export function HowItWorks() {
  return (
    <section aria-labelledby="how-heading" className="border-y border-stone-200 bg-white">
      <div className="mx-auto grid max-w-6xl gap-12 px-6 py-20 lg:grid-cols-2 lg:items-center">
        <div>
          <h2 id="how-heading" className="text-3xl font-semibold tracking-tight text-stone-900">
            From first event to first recommendation in an afternoon
          </h2>
          <ol className="mt-8 space-y-6">
            {STEPS.map((s) => (
              <li key={s.n} className="flex gap-4">
                <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white" aria-hidden="true">
                  {s.n}
                </span>
                <div>
                  <h3 className="font-semibold text-stone-900">{s.title}</h3>
                  <p className="mt-1 text-sm leading-6 text-stone-600">{s.body}</p>
                </div>
              </li>
            ))}
          </ol>
        </div>
        <figure className="overflow-hidden rounded-xl bg-stone-900 shadow-lg ring-1 ring-stone-900/10">
          <figcaption className="flex items-center gap-2 border-b border-white/10 px-4 py-2.5 text-xs text-stone-400">
            <span className="size-2.5 rounded-full bg-stone-600" aria-hidden="true" />
            <span className="size-2.5 rounded-full bg-stone-600" aria-hidden="true" />
            <span className="size-2.5 rounded-full bg-stone-600" aria-hidden="true" />
            <span className="ml-2">Send a behaviour event</span>
          </figcaption>
          <pre className="overflow-x-auto p-5 text-[13px] leading-6 text-stone-100">
            <code>{SNIPPET}</code>
          </pre>
        </figure>
      </div>
    </section>
  );
}
