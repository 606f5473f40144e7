import type { CitedDocument } from './schemas';

export interface ComparableResult {
  caseId: string;
  question: string;
  passed: boolean;
  answer: string;
  citations: CitedDocument[];
}

export interface CaseChange {
  caseId: string;
  question: string;
}

/** What changed from one run to the next, case by case (cases in both runs, plus those new in this one). */
export interface RunDiff {
  newlyFailing: CaseChange[];
  newlyPassing: CaseChange[];
  answerChanged: CaseChange[];
  citationsChanged: CaseChange[];
  /** Cases with no result in the previous run (added since). */
  added: CaseChange[];
}

const citedIds = (c: CitedDocument[]) => [...new Set(c.map((x) => x.documentId))].sort().join('\n');

export function compareRuns(previous: ComparableResult[], current: ComparableResult[]): RunDiff {
  const before = new Map(previous.map((r) => [r.caseId, r]));
  const diff: RunDiff = { newlyFailing: [], newlyPassing: [], answerChanged: [], citationsChanged: [], added: [] };
  for (const r of current) {
    const change = { caseId: r.caseId, question: r.question };
    const p = before.get(r.caseId);
    if (!p) {
      diff.added.push(change);
      continue;
    }
    if (p.passed && !r.passed) diff.newlyFailing.push(change);
    if (!p.passed && r.passed) diff.newlyPassing.push(change);
    if (p.answer !== r.answer) diff.answerChanged.push(change);
    if (citedIds(p.citations) !== citedIds(r.citations)) diff.citationsChanged.push(change);
  }
  return diff;
}
