// How a test's answer is judged and how two runs are compared (pure functions of services/bot-tests).
import { describe, expect, it } from 'vitest';
import { judge } from '@/services/bot-tests/judge';
import { compareRuns } from '@/services/bot-tests/compare';

const expectation = { expectedFacts: [] as string[], expectedDocumentId: null as string | null, expectedDocumentTitle: null as string | null, shouldNotAnswer: false };
const cite = (documentId: string) => ({ documentId, title: documentId, heading: '' });

describe('judge', () => {
  it('finds facts whatever the case, spacing, citation markers, quotes or ligatures', () => {
    const text = 'Express delivery costs 12.95 [1] euros.\nIt’s the ﬁnest   option [2].';
    expect(judge({ ...expectation, expectedFacts: ['12.95 EUROS', "it's the finest option"] }, { answered: true, text, citations: [] })).toEqual([]);
    expect(judge({ ...expectation, expectedFacts: ['9.99 euros', '12.95 euros'] }, { answered: true, text, citations: [] })).toEqual([{ code: 'fact_missing', message: 'missing “9.99 euros”' }]);
  });

  it('fails an answer without the expected article, a refusal, and an answer to an off-topic question', () => {
    const doc = { ...expectation, expectedDocumentId: 'doc_a', expectedDocumentTitle: 'Shipping' };
    expect(judge(doc, { answered: true, text: 'x', citations: [cite('doc_a'), cite('doc_b')] })).toEqual([]);
    expect(judge(doc, { answered: true, text: 'x', citations: [cite('doc_b')] })).toEqual([{ code: 'article_not_cited', message: 'did not cite “Shipping”' }]);
    expect(judge(doc, { answered: false, text: '', citations: [] }).map((f) => f.code)).toEqual(['did_not_answer', 'article_not_cited']);
    expect(judge({ ...expectation, shouldNotAnswer: true }, { answered: false, text: '', citations: [] })).toEqual([]);
    expect(judge({ ...expectation, shouldNotAnswer: true }, { answered: true, text: 'x', citations: [] }).map((f) => f.code)).toEqual(['answered_off_topic']);
  });
});

describe('compareRuns', () => {
  it('names newly failing, newly passing, changed answers, changed citations and new tests', () => {
    const r = (caseId: string, passed: boolean, answer = 'a', docs = ['d1']) => ({ caseId, question: caseId, passed, answer, citations: docs.map(cite) });
    const diff = compareRuns(
      [r('same', true), r('breaks', true), r('fixed', false), r('reworded', true), r('recited', true, 'a', ['d1', 'd2'])],
      [r('same', true), r('breaks', false), r('fixed', true), r('reworded', true, 'b'), r('recited', true, 'a', ['d2', 'd3']), r('new', true)],
    );
    const ids = (l: { caseId: string }[]) => l.map((c) => c.caseId);
    expect(ids(diff.newlyFailing)).toEqual(['breaks']);
    expect(ids(diff.newlyPassing)).toEqual(['fixed']);
    expect(ids(diff.answerChanged)).toEqual(['reworded']);
    expect(ids(diff.citationsChanged)).toEqual(['recited']);
    expect(ids(diff.added)).toEqual(['new']);
  });
});
