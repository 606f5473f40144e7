import type { Metadata } from 'next';
import Link from 'next/link';
import { requireWorkspacePage } from '@/app/lib/session';
import { formatDateTime } from '@/app/lib/format';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { buttonClass, linkClass, tableClass, tdClass, thClass } from '@/components/ui/styles';
import { botTestsOverview } from '@/services/bot-tests/overview';
import { weakQuestions } from '@/services/bot-tests/from-inbox';
import { MAX_CASES_PER_WORKSPACE } from '@/services/bot-tests/schemas';
import { listDocuments } from '@/services/knowledge/list-documents';
import { AutoRefresh } from '../knowledge/auto-refresh';
import { addFromInboxAction } from './actions';
import { CaseForm } from './case-form';
import { CaseRow } from './case-row';
import { RunButton } from './run-button';
import { PassRateChart, RunSummary } from './run-summary';

export const metadata: Metadata = { title: 'Test your bot' };

export default async function BotTestsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { workspace } = await requireWorkspacePage(workspaceId);
  const [o, docs, suggestions] = await Promise.all([botTestsOverview(workspace.id), listDocuments(workspace.id), weakQuestions(workspace.id, 10)]);
  const documents = docs.map((d) => ({ id: d.id, title: d.title }));
  const base = `/dashboard/${workspace.id}`;

  return (
    <>
      <AutoRefresh active={!!o.inProgress} ms={2000} />
      <PageHeader
        title="Test your bot"
        description={
          <>
            Questions you expect visitors to ask and what a good answer contains. Run them after changing the{' '}
            <Link href={`${base}/knowledge`} className={linkClass}>knowledge base</Link> to see what passes, what the bot cites and what changed. Runs answer
            as the widget does without an LLM, one test after another in the background (at most {MAX_CASES_PER_WORKSPACE} tests).
          </>
        }
        actions={<RunButton workspaceId={workspace.id} disabled={o.cases.length === 0 || !!o.inProgress} />}
      />
      <div className="space-y-8">
        {o.inProgress ? (
          <Alert tone="info" data-testid="run-in-progress">
            Running: {o.inProgress.done} of {o.inProgress.total} tests answered…
          </Alert>
        ) : null}
        {o.lastFailed ? <Alert tone="error">The last run stopped: {o.lastFailed.error ?? 'unknown error'}. Run again.</Alert> : null}
        {o.lastRun ? (
          <Section title="Last run">
            <div className="p-5">
              <RunSummary run={o.lastRun} />
              <PassRateChart runs={o.history} />
            </div>
          </Section>
        ) : null}
        <Section title="Tests" description={`${o.cases.length} of at most ${MAX_CASES_PER_WORKSPACE}.`}>
          {o.cases.length === 0 ? (
            <EmptyState title="No tests yet">Add a question below, or add the questions the bot could not answer from the inbox.</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass} data-testid="bot-tests-table">
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className={thClass}>Question and expectations</th>
                    <th scope="col" className={thClass}>Result</th>
                    <th scope="col" className={thClass}>Answer and citations</th>
                    <th scope="col" className={thClass}><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-200">
                  {o.cases.map((c) => (
                    <CaseRow key={c.id} workspaceId={workspace.id} c={c} documents={documents} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
        <Section title="Add a test">
          <div className="max-w-xl p-5">
            <CaseForm workspaceId={workspace.id} documents={documents} />
          </div>
        </Section>
        {suggestions.length ? (
          <Section title="From the inbox" description="Recent visitor questions the bot did not know or answered with low relevance.">
            <table className={tableClass} data-testid="bot-test-suggestions">
              <tbody className="divide-y divide-stone-200">
                {suggestions.map((s) => (
                  <tr key={s.id}>
                    <td className={`${tdClass} whitespace-pre-wrap`}>{s.question}</td>
                    <td className={tdClass}>{s.intent === 'unknown' ? <Badge tone="blue">did not know</Badge> : <Badge tone="amber">low relevance</Badge>}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>{formatDateTime(s.createdAt)}</td>
                    <td className={tdClass}>
                      <form action={addFromInboxAction.bind(null, workspace.id, s.id)}>
                        <button type="submit" className={buttonClass('secondary', 'sm')} data-testid="suggestion-add">Add to tests</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        ) : null}
      </div>
    </>
  );
}
