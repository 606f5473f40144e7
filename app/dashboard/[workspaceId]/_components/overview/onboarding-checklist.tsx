import Link from 'next/link';
import { Section } from '@/components/ui/page-header';
import { linkClass } from '@/components/ui/styles';
import type { OnboardingStep, OnboardingStepId } from '@/services/analytics/get-onboarding';

const COPY: Record<OnboardingStepId, { title: string; todo: string; slug: string }> = {
  key: { title: 'Create an API key', todo: 'Create a key', slug: 'api-keys' },
  event: { title: 'Send your first event', todo: 'See how to send events', slug: 'events' },
  catalog: { title: 'Add your catalog', todo: 'Import items', slug: 'import' },
  recommendation: { title: 'Serve a recommendation', todo: 'Preview recommendations', slug: 'recommendations' },
  widget: { title: 'Put the chat widget live', todo: 'Get the embed snippet', slug: 'chatbot' },
  conversation: { title: 'Have a first conversation', todo: 'Try the chatbot', slug: 'chatbot' },
};

/** The loop from a key to a conversation, ticked from the workspace's data (services/analytics/get-onboarding.ts). */
export function OnboardingChecklist({ base, steps, done }: { base: string; steps: OnboardingStep[]; done: number }) {
  return (
    <Section title="Get set up" description={`${done} of ${steps.length} done: each step ticks itself when it happens.`} className="mb-8">
      <ol className="divide-y divide-stone-200" data-testid="onboarding-checklist">
        {steps.map((s, i) => (
          <li key={s.id} className="flex items-center gap-3 px-5 py-3" data-testid={`onboarding-${s.id}`} data-done={s.done ? 'true' : 'false'}>
            <span
              className={`flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${s.done ? 'bg-brand-600 text-white' : 'border border-stone-300 text-stone-500'}`}
              aria-hidden="true"
            >
              {s.done ? '✓' : i + 1}
            </span>
            <span className={`flex-1 text-sm ${s.done ? 'text-stone-500 line-through' : 'font-medium text-stone-900'}`}>
              {COPY[s.id].title}
              <span className="sr-only">{s.done ? ' (done)' : ' (to do)'}</span>
            </span>
            {s.done ? null : (
              <Link href={`${base}/${COPY[s.id].slug}`} className={`${linkClass} text-sm`}>
                {COPY[s.id].todo} →
              </Link>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}
