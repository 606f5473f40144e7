import { db } from '@/services/db/client';
import { readyEmbeddingModel, type ModelLog } from '@/services/embeddings/embedding-model';
import { embeddingModelTag } from '@/services/embeddings/item-text';
import type { EmbeddingModel } from '@/ml/embedding/model';
import { semanticStrength } from '@/ml/runtime/cosine-scale';
import { cachedKbIndexModel, chunkKey, getKbIndex, type IndexedChunk, type KbIndex } from './kb-index';

// Hybrid retrieval: PostgreSQL full text (an OR of the question's stemmed terms, ranked by
// ts_rank_cd with title and headings weighted above the text) and embedding similarity (cosine
// against every chunk of the in-memory index), fused by reciprocal rank fusion. RRF orders the
// candidates but its scores mean nothing in absolute terms, so each candidate also gets a
// relevance in 0..1 from two signals that do: how much of the question the passage covers
// (IDF-weighted share of the question's terms found in it) and the cosine similarity. Answers are
// given only above a relevance threshold (see DEFAULT_MIN_RELEVANCE).

export const RRF_K = 60;
const FTS_CANDIDATES = 30;
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
  ftsRank: number | null;
  cosine: number;
  /** IDF-weighted share of the question's terms found in the passage (title and heading included). */
  coverage: number;
  /** 0..1: how sure we are the passage answers the question. */
  relevance: number;
}

export interface Retrieval {
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

interface FtsRow {
  lexemes: string[] | null;
  version: number | null;
  hits: { d: string; i: number; r: number }[];
}

const FTS_QUERY = `
WITH q AS (SELECT to_tsvector('english', $2::text) AS v),
qs AS (
  SELECT tsvector_to_array(v) AS lexemes,
         NULLIF(array_to_string(ARRAY(SELECT quote_literal(l) FROM unnest(tsvector_to_array(v)) l WHERE l ~ '^[[:alnum:]._-]+$'), ' | '), '')::tsquery AS t
  FROM q
)
SELECT qs.lexemes,
       (SELECT "kbVersion" FROM "ChatSettings" WHERE "workspaceId" = $1::text) AS version,
       coalesce((SELECT json_agg(h) FROM (
          SELECT c."documentId" AS d, c."idx" AS i, ts_rank_cd(c."tsv", qs.t, 1) AS r
          FROM "KbChunk" c
          WHERE c."workspaceId" = $1::text AND qs.t IS NOT NULL AND c."tsv" @@ qs.t
          ORDER BY 3 DESC, 1, 2 LIMIT ${FTS_CANDIDATES}) h), '[]'::json) AS hits
FROM qs`;

/**
 * Relevance from coverage, heading coverage and cosine (weights and scale calibrated with
 * `npm run eval:chat`). A passage whose title or heading names what was asked is about it, so
 * heading matches add a little.
 */
export function relevanceOf(coverage: number, headingCoverage: number, semantic: number): number {
  return Math.min(1, 0.7 * coverage + 0.3 * semantic + 0.1 * headingCoverage);
}

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
  const [fts] = await db().$queryRawUnsafe<FtsRow[]>(FTS_QUERY, workspaceId, question);
  const index = await getKbIndex(workspaceId, fts?.version ?? 0);
  const model = modelOfTag(index.model, opts.log);
  const embedded = model === guess ? await early : await embedQuestion(model, question);
  const terms = termWeights([...new Set(fts?.lexemes ?? [])], index);
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
  const fused = new Map<number, { rrf: number; ftsRank: number | null }>();
  (fts?.hits ?? []).forEach((h, rank) => {
    const pos = index.position.get(chunkKey(h.d, h.i));
    if (pos !== undefined) fused.set(pos, { rrf: 1 / (RRF_K + rank + 1), ftsRank: h.r });
  });
  if (questionVector) {
    const order = topK(cosines, VECTOR_CANDIDATES);
    order.forEach((pos, rank) => {
      const entry = fused.get(pos) ?? { rrf: 0, ftsRank: null };
      entry.rrf += 1 / (RRF_K + rank + 1);
      fused.set(pos, entry);
    });
  }
  const passages: Passage[] = [...fused].map(([pos, f]) => {
    const chunk = index.chunks[pos]!;
    const coverage = coverageOf(terms, (l) => chunk.lexemes.has(l));
    const headingCoverage = coverageOf(terms, (l) => chunk.headingLexemes.has(l));
    const cosine = questionVector ? cosines[pos]! : 0;
    // Only the part of the cosine above what unrelated text scores under this model says something about meaning.
    const semantic = questionVector ? semanticStrength(cosine, model!.spec.cosineRange) : 0;
    return { chunk, rrf: f.rrf, ftsRank: f.ftsRank, cosine, coverage, relevance: relevanceOf(coverage, headingCoverage, semantic) };
  });
  passages.sort((a, b) => b.rrf - a.rrf || b.relevance - a.relevance);
  const top = passages.slice(0, opts.limit ?? 8);
  return { passages: top, relevance: top.reduce((m, p) => Math.max(m, p.relevance), 0), terms, questionVector, questionModel: questionVector ? model! : null, index };
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
