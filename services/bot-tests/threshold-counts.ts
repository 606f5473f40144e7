// Counting at a candidate threshold: pure, so the settings page's slider runs it in the browser.

export interface PreviewQuestion {
  question: string;
  /** The best passage's relevance (0..1) when the run asked it. */
  relevance: number;
  /** The test expects "don't know" (a question the knowledge base must not answer). */
  shouldNotAnswer: boolean;
}

export interface ThresholdCounts {
  threshold: number;
  answered: number;
  dontKnow: number;
  /** Tests marked "should not answer" that would get an answer at this threshold. */
  wronglyAnswered: number;
  /** Tests that expect an answer and would get "don't know". */
  wronglyUnanswered: number;
}

/** How the measured questions fare at `threshold`: the bot answers from passages at or above it. */
export function countAtThreshold(questions: readonly PreviewQuestion[], threshold: number): ThresholdCounts {
  const counts: ThresholdCounts = { threshold, answered: 0, dontKnow: 0, wronglyAnswered: 0, wronglyUnanswered: 0 };
  for (const q of questions) {
    const answered = q.relevance >= threshold;
    if (answered) counts.answered++;
    else counts.dontKnow++;
    if (answered && q.shouldNotAnswer) counts.wronglyAnswered++;
    if (!answered && !q.shouldNotAnswer) counts.wronglyUnanswered++;
  }
  return counts;
}
