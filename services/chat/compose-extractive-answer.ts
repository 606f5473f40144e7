import { coverageOf, type Passage, type Retrieval } from '@/services/knowledge/retrieve-passages';
import { toCitation, type Citation } from './citations';
import { semanticStrength } from '@/ml/runtime/cosine-scale';

export interface ComposedAnswer {
  answered: boolean;
  text: string;
  citations: Citation[];
  relevance: number;
}

export interface ComposeOptions {
  minRelevance: number;
  apiBaseUrl: string;
  workspaceId: string;
  /** Embeds sentences for the semantic part of their score; omitted: lexical scoring only. */
  embed?: (texts: string[]) => Promise<Float32Array[]>;
}

const MAX_SENTENCES = 3;
const MAX_CHARS = 480;

interface Scored {
  passage: number;
  position: number;
  text: string;
  score: number;
}

/**
 * The extractive answer: the most relevant sentences of the best passages, in reading order, each
 * source cited with a [n] marker. A sentence scores by how much of the question it covers
 * (IDF-weighted), how relevant its passage is, and its embedding similarity to the question. A Q&A
 * pair that matches is answered with its whole answer. Below the relevance threshold: not
 * answered (the caller says it does not know).
 */
export async function composeExtractiveAnswer(retrieval: Retrieval, opts: ComposeOptions): Promise<ComposedAnswer> {
  const ranked = [...retrieval.passages].sort((a, b) => b.relevance - a.relevance || b.rrf - a.rrf);
  const best = ranked[0];
  if (!best || best.relevance < opts.minRelevance) return { answered: false, text: '', citations: [], relevance: best?.relevance ?? 0 };
  const used = ranked.filter((p) => p.relevance >= Math.max(opts.minRelevance, 0.8 * best.relevance)).slice(0, 3);

  // A curated Q&A pair whose question matches: its answer is the answer.
  if (best.chunk.documentKind === 'qa') {
    return { answered: true, text: `${clip(best.chunk.text)} [1]`, citations: [toCitation(1, opts.apiBaseUrl, opts.workspaceId, best.chunk, best.chunk.sentences[0]?.text)], relevance: best.relevance };
  }

  // Term weights for sentences: the question's global weights times a local IDF over the
  // candidate sentences, so a term every sentence of the passage shares ("ship" in a shipping
  // section) counts less than the one that singles out the answer ("express").
  const candidates = used.flatMap((p) => p.chunk.sentences.map((s) => new Set(s.lexemes)));
  // (Damped: a term found in one sentence counts at most twice one found in all of them.)
  const local = new Map<string, number>();
  const maxIdf = Math.log((candidates.length + 1) / 1.5);
  for (const [term, weight] of retrieval.terms) {
    const sf = candidates.filter((set) => set.has(term)).length;
    local.set(term, weight * (0.5 + (0.5 * Math.log((candidates.length + 1) / (sf + 0.5))) / maxIdf));
  }
  // Within a passage, a term its heading already names ("ship" under "Shipping") is context: it
  // counts half, so the sentence that adds what was asked ("free") wins.
  const sentences: Scored[] = [];
  let k = 0;
  used.forEach((p, passage) => {
    const weights = new Map([...local].map(([t, w]) => [t, p.chunk.headingLexemes.has(t) ? w / 2 : w]));
    p.chunk.sentences.forEach((s, position) => {
      const set = candidates[k++]!;
      const lexical = coverageOf(weights, (l) => set.has(l));
      sentences.push({ passage, position, text: s.text, score: 0.55 * lexical + 0.25 * p.relevance - 0.04 * passage + (position === 0 ? 0.02 : 0) });
    });
  });
  if (opts.embed && retrieval.questionVector && sentences.length > 0) {
    const q = retrieval.questionVector;
    const vectors = await opts.embed(sentences.map((s) => s.text));
    vectors.forEach((v, i) => {
      let cos = 0;
      for (let k = 0; k < q.length; k++) cos += q[k]! * v[k]!;
      sentences[i]!.score += 0.2 * semanticStrength(cos, retrieval.questionModel?.spec.cosineRange);
    });
  }
  const order = [...sentences].sort((a, b) => b.score - a.score);
  const top = order[0]!;
  const chosen = [top];
  let chars = top.text.length;
  // A short lead-in ("Returns are free:", a list intro) needs the sentence that follows it.
  const next = sentences.find((s) => s.passage === top.passage && s.position === top.position + 1);
  if (next && (top.text.length < 60 || /:$/.test(top.text))) {
    chosen.push(next);
    chars += next.text.length;
  }
  for (const s of order.slice(1)) {
    if (chosen.length >= MAX_SENTENCES || s.score < 0.75 * top.score) break;
    if (chosen.includes(s) || chars + s.text.length > MAX_CHARS) continue;
    chosen.push(s);
    chars += s.text.length;
  }
  chosen.sort((a, b) => a.passage - b.passage || a.position - b.position);

  // Number the sources in the order they appear; a marker follows the last sentence of each run.
  const numbers = new Map<number, number>();
  const citations: Citation[] = [];
  const parts: string[] = [];
  chosen.forEach((s, i) => {
    let n = numbers.get(s.passage);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(s.passage, n);
      citations.push(toCitation(n, opts.apiBaseUrl, opts.workspaceId, used[s.passage]!.chunk, s.text));
    }
    const lastOfRun = chosen[i + 1]?.passage !== s.passage;
    parts.push(lastOfRun ? `${s.text} [${n}]` : s.text);
  });
  return { answered: true, text: parts.join(' '), citations, relevance: best.relevance };
}

function clip(text: string): string {
  if (text.length <= 700) return text;
  const cut = text.lastIndexOf('. ', 700);
  return cut > 200 ? text.slice(0, cut + 1) : `${text.slice(0, 697)}...`;
}

export type { Passage };
