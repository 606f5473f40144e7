import type { CitedDocument, Failure } from './schemas';

export interface Expectation {
  expectedFacts: string[];
  expectedDocumentId: string | null;
  expectedDocumentTitle: string | null;
  shouldNotAnswer: boolean;
}

export interface Outcome {
  answered: boolean;
  text: string;
  citations: CitedDocument[];
}

/**
 * Text as facts are looked for in it: case-folded, compatibility-normalised ("ﬁ" is "fi"), citation
 * markers removed ("4.95 [1] euros" contains "4.95 euros"), curly quotes straightened and spacing
 * collapsed, so a fact matches however the answer happens to be laid out.
 */
export function normaliseForFacts(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s*\[\d+\]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const notCited = (e: Expectation): Failure => ({ code: 'article_not_cited', message: `did not cite “${e.expectedDocumentTitle ?? e.expectedDocumentId}”` });

/** Why an outcome fails its case's expectations; empty when it passes. */
export function judge(expect: Expectation, outcome: Outcome): Failure[] {
  if (expect.shouldNotAnswer) {
    return outcome.answered ? [{ code: 'answered_off_topic', message: 'answered a question it should not answer' }] : [];
  }
  const failures: Failure[] = [];
  if (!outcome.answered) {
    // Its facts are missing too, but one reason says it; the article is named (a deleted one is why, often).
    failures.push({ code: 'did_not_answer', message: 'said it does not know' });
    if (expect.expectedDocumentId) failures.push(notCited(expect));
    return failures;
  }
  const text = normaliseForFacts(outcome.text);
  for (const fact of expect.expectedFacts) {
    if (!text.includes(normaliseForFacts(fact))) failures.push({ code: 'fact_missing', message: `missing “${fact}”` });
  }
  if (expect.expectedDocumentId && !outcome.citations.some((c) => c.documentId === expect.expectedDocumentId)) failures.push(notCited(expect));
  return failures;
}
