// Sentence boundaries with the ICU segmenter built into Node (Intl.Segmenter): abbreviations,
// decimals and quotes are handled by Unicode's rules rather than a hand-written regex.
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** A paragraph -> its sentences, trimmed; very short fragments are merged into their neighbour. */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(paragraph)) {
    const s = segment.trim();
    if (!s) continue;
    // "e.g." or "1." alone is not a sentence.
    if (out.length > 0 && (s.length < 4 || out[out.length - 1]!.length < 4)) out[out.length - 1] += ` ${s}`;
    else out.push(s);
  }
  return out;
}
