import { db } from '@/services/db/client';
import { readyEmbeddingModel, type ModelLog } from '@/services/embeddings/embedding-model';
import { embeddingModelTag } from '@/services/embeddings/item-text';
import type { EmbeddingModel } from '@/ml/embedding/model';
import { semanticStrength } from '@/ml/runtime/cosine-scale';
import { passageFeatures, passageRelevance, type PassageSignals } from './passage-ranker';
import { cachedKbIndexModel, getKbIndex, type IndexedChunk, type KbIndex } from './kb-index';

// Hybrid retrieval: BM25 over title, heading path and text (lexical-index.ts, in memory) and
// embedding similarity (cosine against every chunk of the in-memory index), fused by reciprocal
// rank fusion. PostgreSQL stems the question (the same english configuration that stemmed the
// chunks' lexemes, for the coverage score) and names the knowledge base's current version. RRF orders the
// candidates but its scores mean nothing in absolute terms, so each candidate gets a relevance in
// 0..1 from the reranker (passage-ranker.ts) over signals that do: how much of the question the
// passage covers (IDF-weighted share of the question's terms found in it), the cosine, BM25 and
// the candidate ranks. Answers are given only above a relevance threshold (see DEFAULT_MIN_RELEVANCE).

export const RRF_K = 60;
const LEXICAL_CANDIDATES = 30;
const VECTOR_CANDIDATES = 30;

/**
 * Stemmed words that carry little meaning in a question ("can you tell me..."): they count a
 * fifth of a normal term in the coverage score. PostgreSQL's english stop words are removed before.
 */
const FILLER = new Set(
  'tell know want need like get pleas hi hello hey thank thanks thx help would could also may might much mani way thing someth anyth ok okay question ask let go make look find say realli one good best well wonder info inform detail explain anyon possibl sure mean'.split(' '),
);

export interface Passage {
  chunk: IndexedChunk;
  /** Reciprocal rank fusion score (ordering only). */
  rrf: number;
  /** BM25 score (null: not among the lexical candidates). */
  bm25: number | null;
  cosine: number;
  /** IDF-weighted share of the question's terms found in the passage (title and heading included). */
  coverage: number;
  /** The ranker's inputs (passage-ranker.ts), kept for evaluation and training. */
  signals: PassageSignals;
  /** 0..1: how sure we are the passage answers the question (the ranker's probability). */
  relevance: number;
}

export interface Retrieval {
  /** The text that was searched (with memory: the previous message and this one). */
  question: string;
  passages: Passage[];
  /** Relevance of the best passage (0 when there is none). */
  relevance: number;
  /** The question's stemmed terms and their weights (for sentence scoring). */
  terms: Map<string, number>;
  questionVector: Float32Array | null;
  /** The model that embedded the question (the index's), for comparisons in the same space. */
  questionModel: EmbeddingModel | null;
  index: KbIndex;
}

interface QuestionRow {
  lexemes: string[] | null;
  version: number | null;
}

const QUESTION_QUERY = `
SELECT tsvector_to_array(to_tsvector('english', $2::text)) AS lexemes,
       (SELECT "kbVersion" FROM "ChatSettings" WHERE "workspaceId" = $1::text) AS version`;

export function termWeights(lexemes: string[], index: KbIndex): Map<string, number> {
  const n = index.chunks.length;
  const weights = new Map<string, number>();
  for (const l of lexemes) {
    const idf = Math.log((n + 1) / ((index.df.get(l) ?? 0) + 0.5));
    weights.set(l, Math.max(idf, 0.05) * (FILLER.has(l) ? 0.2 : 1));
  }
  return weights;
}

/** IDF-weighted share of the terms present in `lexemes`. */
export function coverageOf(terms: Map<string, number>, has: (lexeme: string) => boolean): number {
  let total = 0;
  let found = 0;
  for (const [l, w] of terms) {
    total += w;
    if (has(l)) found += w;
  }
  return total > 0 ? found / total : 0;
}

/**
 * The loaded model that made vectors tagged `tag` (`id@version`), if it is ready (else it starts
 * loading, and the caller answers lexically meanwhile); undefined for a version no longer served.
 */
function modelOfTag(tag: string | null | undefined, log?: ModelLog): EmbeddingModel | undefined {
  if (!tag) return undefined;
  const at = tag.indexOf('@');
  try {
    const model = readyEmbeddingModel(log, at > 0 ? tag.slice(0, at) : tag);
    return model && embeddingModelTag(model.spec) === tag ? model : undefined;
  } catch {
    return undefined; // an id this build no longer knows
  }
}

const embedQuestion = (model: EmbeddingModel | undefined, question: string): Promise<Float32Array | null> =>
  model ? model.embed([question]).then((e) => e[0]!.embedding, () => null) : Promise.resolve(null);

export async function retrievePassages(workspaceId: string, question: string, opts: { limit?: number; log?: ModelLog } = {}): Promise<Retrieval> {
  // The question is embedded by the model whose vectors the index holds: during a model change,
  // the previous one until the workspace's passages are re-embedded and swapped. The cached index
  // names it, so embedding runs alongside the full-text query; a reload onto another model embeds again.
  const guess = modelOfTag(cachedKbIndexModel(workspaceId), opts.log);
  const early = embedQuestion(guess, question);
  const [row] = await db().$queryRawUnsafe<QuestionRow[]>(QUESTION_QUERY, workspaceId, question);
  const index = await getKbIndex(workspaceId, row?.version ?? 0);
  const model = modelOfTag(index.model, opts.log);
  const embedded = model === guess ? await early : await embedQuestion(model, question);
  const terms = termWeights([...new Set(row?.lexemes ?? [])], index);
  const questionVector = model && embedded && embedded.length === index.dims ? embedded : null;

  // Cosine against every chunk (vectors are unit length).
  const n = index.chunks.length;
  const cosines = new Float32Array(n);
  if (questionVector) {
    const d = index.dims;
    const m = index.vectors;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * d;
      for (let k = 0; k < d; k++) s += m[o + k]! * questionVector[k]!;
      cosines[i] = s;
    }
  }
  // Candidates: the best of each list. RRF fuses their ranks; the ranker (passage-ranker.ts) then
  // scores every candidate from all its signals, and that score orders and thresholds them.
  type Candidate = { rrf: number; bm25: number | null; lexicalRank: number | null; vectorRank: number | null };
  const fused = new Map<number, Candidate>();
  const lexicalHits = index.lexical.search(question, LEXICAL_CANDIDATES);
  const bestBm25 = lexicalHits[0]?.score ?? 0;
  lexicalHits.forEach((h, rank) => fused.set(h.pos, { rrf: 1 / (RRF_K + rank + 1), bm25: h.score, lexicalRank: rank, vectorRank: null }));
  if (questionVector) {
    topK(cosines, VECTOR_CANDIDATES).forEach((pos, rank) => {
      const entry = fused.get(pos) ?? { rrf: 0, bm25: null, lexicalRank: null, vectorRank: null };
      entry.rrf += 1 / (RRF_K + rank + 1);
      entry.vectorRank = rank;
      fused.set(pos, entry);
    });
  }
  const passages: Passage[] = [...fused].map(([pos, f]) => {
    const chunk = index.chunks[pos]!;
    const cosine = questionVector ? cosines[pos]! : 0;
    const signals: PassageSignals = {
      coverage: coverageOf(terms, (l) => chunk.lexemes.has(l)),
      headingCoverage: coverageOf(terms, (l) => chunk.headingLexemes.has(l)),
      // Only the part of the cosine above what unrelated text scores under this model says something about meaning.
      semantic: questionVector ? semanticStrength(cosine, model!.spec.cosineRange) : 0,
      bm25Relative: f.bm25 !== null && bestBm25 > 0 ? f.bm25 / bestBm25 : 0,
      lexicalRank: f.lexicalRank,
      vectorRank: f.vectorRank,
    };
    return { chunk, rrf: f.rrf, bm25: f.bm25, cosine, coverage: signals.coverage, signals, relevance: passageRelevance(passageFeatures(signals)) };
  });
  passages.sort((a, b) => b.relevance - a.relevance || b.rrf - a.rrf);
  const top = passages.slice(0, opts.limit ?? 10);
  return { question, passages: top, relevance: top[0]?.relevance ?? 0, terms, questionVector, questionModel: questionVector ? model! : null, index };
}

/** Positions of the k largest values, largest first. */
function topK(values: Float32Array, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (out.length < k) {
      out.push(i);
      if (out.length === k) out.sort((a, b) => values[b]! - values[a]!);
    } else if (values[i]! > values[out[k - 1]!]!) {
      let j = k - 1;
      while (j > 0 && values[out[j - 1]!]! < values[i]!) {
        out[j] = out[j - 1]!;
        j--;
      }
      out[j] = i;
    }
  }
  if (out.length < k) out.sort((a, b) => values[b]! - values[a]!);
  return out;
}
