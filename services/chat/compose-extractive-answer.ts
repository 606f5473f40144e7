import { coverageOf, type Passage, type Retrieval } from '@/services/knowledge/retrieve-passages';
import { chunkKey } from '@/services/knowledge/kb-index';
import { toCitation, type Citation } from './citations';

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
}

/** An answer is at most this many sentences or list items, and about this many words. */
const MAX_SENTENCES = 8;
const MAX_WORDS = 120;
/**
 * Sentences come from the passages scoring at least USED_RATIO of the best one, and join the best
 * sentence when they score at least WITHIN_RATIO of it: the fact asked for often sits in the
 * sentence beside the one that names the topic, or in the next section of the same article.
 */
const USED_RATIO = 0.7;
const WITHIN_RATIO = 0.6;
/** Below this many words, the answer continues with the sentences after the best one. */
const READ_ON_WORDS = 60;
/** Sources listed with an answer (distinct documents), and how close to the best a related one must score. */
const MAX_SOURCES = 3;
const RELATED_RATIO = 0.85;
const ANNOUNCES_MORE = /\b(the following|below|as follows|these steps|follow (the|these) steps|check (the|these|that))\b/i;
const LIST_ITEM = /^(\d{1,2}[.)]|[-•*]|step \d+[:.]?)\s/i;
const ASKS_HOW = /\b(how (do|can|could|should|would|to)|what (are the )?steps|walk me through|set ?up|install|instructions)\b/i;

interface Scored {
  passage: number;
  position: number;
  text: string;
  score: number;
}

/**
 * The extractive answer: the most relevant sentences of the best passages, in reading order, each
 * source cited with a [n] marker. A sentence scores by how much of the question it covers
 * (IDF-weighted) and how relevant its passage is (the passage's relevance carries the meaning:
 * the ranker's semantic signal). A Q&A pair that matches is answered with its whole answer. Below the relevance threshold: not
 * answered (the caller says it does not know).
 */
export async function composeExtractiveAnswer(retrieval: Retrieval, opts: ComposeOptions): Promise<ComposedAnswer> {
  const ranked = [...retrieval.passages].sort((a, b) => b.relevance - a.relevance || b.rrf - a.rrf);
  const best = ranked[0];
  if (!best || best.relevance < opts.minRelevance) return { answered: false, text: '', citations: [], relevance: best?.relevance ?? 0 };
  const used = ranked.filter((p) => p.relevance >= Math.max(opts.minRelevance, USED_RATIO * best.relevance)).slice(0, 3);

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
      // An image's alt text or a caption informs nobody on its own: it wins only when nothing else covers the question.
      const caption = isCaption(s.text) ? 0.15 : 0;
      sentences.push({ passage, position, text: s.text, score: 0.55 * lexical + 0.25 * p.relevance - 0.04 * passage + (position === 0 ? 0.02 : 0) - caption });
    });
  });
  // A question about how to do something is answered by steps: lists and their lead-ins count more.
  if (ASKS_HOW.test(retrieval.question)) {
    for (const s of sentences) {
      const next = sentences.find((x) => x.passage === s.passage && x.position === s.position + 1);
      if (LIST_ITEM.test(s.text) || (/:$/.test(s.text) && next && LIST_ITEM.test(next.text))) s.score += 0.1;
    }
  }
  const order = [...sentences].sort((a, b) => b.score - a.score);
  const top = order[0]!;
  const chosen: Scored[] = [];
  let words = 0;
  const add = (s: Scored) => {
    if (chosen.includes(s) || (chosen.length > 0 && words + wordCount(s.text) > MAX_WORDS)) return false;
    chosen.push(s);
    words += wordCount(s.text);
    return true;
  };
  const inPassage = (s: Scored, position: number) => sentences.find((x) => x.passage === s.passage && x.position === position);
  // Steps are answered whole: when the best sentence is a list item or introduces a list ("To
  // reset the board:"), the list's lead-in and items go in, in order, as far as the budget allows.
  const list = listAround(top, inPassage);
  if (list.length > 1) for (const s of list) add(s);
  else {
    add(top);
    // A short lead-in ("Returns are free:") needs the sentence that follows it.
    const next = inPassage(top, top.position + 1);
    if (next && (top.text.length < 60 || /:$/.test(top.text))) add(next);
  }
  for (const s of order.slice(1)) {
    if (chosen.length >= MAX_SENTENCES || s.score < WITHIN_RATIO * top.score) break;
    if (!chosen.some((c) => c.text === s.text)) add(s); // the same sentence in two articles: once
  }
  // A short answer reads on when it is a document's introduction or announces what follows: help
  // pages state the situation first ("If you cannot connect, check the following.") and the
  // specifics after it. A sentence under its own heading that answers ("Express delivery costs
  // 12.95 euros.") stands alone.
  const readOn = used[top.passage]!.chunk.heading === '' || ANNOUNCES_MORE.test(top.text);
  let last = top;
  for (let p = top.position + 1; readOn && words < READ_ON_WORDS; p++) {
    const next = inPassage(top, p);
    if (!next || !add(next)) break;
    last = next;
  }
  // Still short at the end of its chunk: on into the next chunk of the same section, or after a
  // document's introduction into its first section (a troubleshooting page restates the problem in
  // its introduction and gives the fix in the section after it); never from one section into another.
  if (readOn && words < READ_ON_WORDS && !inPassage(last, last.position + 1)) {
    const current = used[top.passage]!.chunk;
    const following = nextChunkOf(retrieval, current);
    if (following && (following.heading === current.heading || current.heading === '')) {
      let passage = used.findIndex((u) => u.chunk === following);
      if (passage < 0) {
        passage = used.push({ ...used[top.passage]!, chunk: following }) - 1;
        following.sentences.forEach((x, position) => sentences.push({ passage, position, text: x.text, score: 0 }));
      }
      for (const x of sentences.filter((y) => y.passage === passage)) if (words >= READ_ON_WORDS || !add(x)) break;
    }
  }
  // A sentence that starts in lower case continues what precedes it (a command in a code block,
  // then "runs the whole suite"): the preceding part goes in too.
  for (const s of [...chosen]) {
    const before = /^[a-z]/.test(s.text) ? inPassage(s, s.position - 1) : undefined;
    if (before && !chosen.includes(before)) {
      chosen.push(before);
      words += wordCount(before.text);
    }
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
  citations.push(...relatedSources(ranked, citations, opts));
  return { answered: true, text: parts.join(' '), citations, relevance: best.relevance };
}

/**
 * Other articles nearly as relevant as the answer's, listed after its sources (numbered on, with
 * no marker in the text): on a help centre with many similar pages ("IDE won't open" on Windows,
 * on Linux, on a Raspberry Pi) the visitor sees the neighbours the answer may have missed.
 */
function relatedSources(ranked: Passage[], cited: Citation[], opts: ComposeOptions): Citation[] {
  const best = ranked[0]!.relevance;
  const seen = new Set(cited.map((c) => c.documentId));
  const out: Citation[] = [];
  for (const p of ranked) {
    if (seen.size >= MAX_SOURCES || p.relevance < Math.max(opts.minRelevance, RELATED_RATIO * best)) break;
    if (seen.has(p.chunk.documentId)) continue;
    seen.add(p.chunk.documentId);
    out.push(toCitation(cited.length + out.length + 1, opts.apiBaseUrl, opts.workspaceId, p.chunk, p.chunk.sentences[0]?.text));
  }
  return out;
}

/** The chunk after `chunk` in its document, if the index holds it. */
function nextChunkOf(retrieval: Retrieval, chunk: Passage['chunk']): Passage['chunk'] | undefined {
  const pos = retrieval.index.position.get(chunkKey(chunk.documentId, chunk.idx + 1));
  return pos === undefined ? undefined : retrieval.index.chunks[pos];
}

/** A short line that states nothing: an image's alt text or a caption ("Device Manager window"), no sentence punctuation, no list item, no "label: value". */
const isCaption = (text: string) => !/[.!?:;)"'`]$/.test(text.trim()) && !/[:;=]/.test(text) && !LIST_ITEM.test(text) && wordCount(text) < 10;

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * The list `s` belongs to or introduces: its lead-in sentence (ending with ":") and its items, in
 * order; `[s]` when `s` is neither a list item nor a lead-in followed by items.
 */
function listAround(s: Scored, at: (s: Scored, position: number) => Scored | undefined): Scored[] {
  const isItem = (x: Scored | undefined) => !!x && LIST_ITEM.test(x.text);
  if (!isItem(s) && !(/:$/.test(s.text) && isItem(at(s, s.position + 1)))) return [s];
  let first = s.position;
  while (isItem(at(s, first)) && isItem(at(s, first - 1))) first--;
  const lead = at(s, first - 1);
  if (isItem(at(s, first)) && lead && /:$/.test(lead.text)) first--;
  const out: Scored[] = [];
  for (let p = first; ; p++) {
    const x = at(s, p);
    if (!x || (p > first && !isItem(x))) break;
    out.push(x);
  }
  return out;
}

function clip(text: string): string {
  if (text.length <= 700) return text;
  const cut = text.lastIndexOf('. ', 700);
  return cut > 200 ? text.slice(0, cut + 1) : `${text.slice(0, 697)}...`;
}

export type { Passage };
