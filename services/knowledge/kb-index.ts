// The api's in-memory retrieval index, one per workspace: every chunk's text, sentences and
// lexemes, the document frequency of each lexeme, a BM25 index (lexical-index.ts), and the embeddings as one float32 matrix for a
// brute-force cosine scan (PostgreSQL here has no pgvector; a scan of 10,000 100-d vectors takes
// ~1 ms). Loaded from the database on first use and whenever the workspace's kbVersion moves
// (every change to the knowledge base bumps it in the same transaction), so every api process
// serves the committed state. Bounded: least recently used workspaces are dropped past
// KB_INDEX_MAX_CHUNKS chunks in total.
import { LRUCache } from 'lru-cache';
import { db } from '@/services/db/client';
import { decodeVector } from '@/services/embeddings/item-embeddings';
import { buildLexicalIndex, type LexicalIndex } from './lexical-index';

export interface IndexedSentence {
  text: string;
  lexemes: string[];
}

export interface IndexedChunk {
  documentId: string;
  idx: number;
  documentTitle: string;
  documentKind: string;
  sourceUrl: string | null;
  /** A private document's passages answer questions but are cited by title only (no link). */
  documentPrivate: boolean;
  heading: string;
  text: string;
  anchor: string | null;
  sentences: IndexedSentence[];
  lexemes: Set<string>;
  /** Lexemes of the document title and heading path. */
  headingLexemes: Set<string>;
}

export interface KbIndex {
  workspaceId: string;
  version: number;
  chunks: IndexedChunk[];
  /** Position of a chunk by `${documentId}:${idx}`. */
  position: Map<string, number>;
  /** chunks.length x dims, row-major; rows of chunks embedded by another model are zero. */
  vectors: Float32Array;
  dims: number;
  /** The model whose vectors are in the matrix (`id@version`), or null when there are none. */
  model: string | null;
  /** Number of chunks each lexeme occurs in. */
  df: Map<string, number>;
  /** BM25 over the chunks' title, heading path and text. */
  lexical: LexicalIndex;
  loadedAt: number;
}

export const KB_INDEX_MAX_CHUNKS = 500_000;

const cache = new LRUCache<string, KbIndex>({ maxSize: KB_INDEX_MAX_CHUNKS, sizeCalculation: (v) => Math.max(1, v.chunks.length) });
const loading = new Map<string, Promise<KbIndex>>();

export const chunkKey = (documentId: string, idx: number) => `${documentId}:${idx}`;

interface ChunkRow {
  documentId: string;
  idx: number;
  heading: string;
  text: string;
  anchor: string | null;
  sentences: { t: string; l: string[] }[];
  lexemes: string[];
  headingLexemes: string[] | null;
  model: string;
  vector: Uint8Array;
  title: string;
  kind: string;
  sourceUrl: string | null;
  visibility: string;
}

async function load(workspaceId: string, preferredModel: string | undefined): Promise<KbIndex> {
  // One snapshot for the version and the rows, so the index is never labelled newer than it is.
  const [version, rows] = await db().$transaction(
    async (tx) => {
      const settings = await tx.chatSettings.findUnique({ where: { workspaceId }, select: { kbVersion: true } });
      const chunks = await tx.$queryRaw<ChunkRow[]>`
        SELECT c."documentId", c."idx", c."heading", c."text", c."anchor", c."sentences", c."lexemes", c."headingLexemes", c."model", c."vector",
               d."title", d."kind", d."sourceUrl", d."visibility"
        FROM "KbChunk" c JOIN "KbDocument" d ON d."workspaceId" = c."workspaceId" AND d."id" = c."documentId"
        WHERE c."workspaceId" = ${workspaceId}
        ORDER BY c."documentId", c."idx"`;
      return [settings?.kbVersion ?? 0, chunks] as const;
    },
    { isolationLevel: 'RepeatableRead', timeout: 60_000 },
  );
  // Vectors of one model only (another model's vectors live in another space): the preferred
  // model, else the one most chunks were embedded with. A model change re-embeds a workspace's
  // chunks into pending columns and swaps them all at once (reembed-passages.ts), so a mix lasts
  // only while documents indexed by the new model meet older chunks not yet swapped.
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.model, (counts.get(r.model) ?? 0) + 1);
  const model = preferredModel && counts.has(preferredModel) ? preferredModel : ([...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null);
  const dims = rows.find((r) => r.model === model)?.vector.byteLength ?? 0;
  const vectors = new Float32Array(rows.length * (dims / 4));
  const chunks: IndexedChunk[] = [];
  const position = new Map<string, number>();
  const df = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.model === model && r.vector.byteLength === dims) vectors.set(decodeVector(r.vector), i * (dims / 4));
    const lexemes = new Set(r.lexemes);
    for (const l of lexemes) df.set(l, (df.get(l) ?? 0) + 1);
    position.set(chunkKey(r.documentId, r.idx), i);
    chunks.push({
      documentId: r.documentId,
      idx: r.idx,
      documentTitle: r.title,
      documentKind: r.kind,
      sourceUrl: r.sourceUrl,
      documentPrivate: r.visibility === 'private',
      heading: r.heading,
      text: r.text,
      anchor: r.anchor,
      sentences: r.sentences.map((s) => ({ text: s.t, lexemes: s.l })),
      lexemes,
      headingLexemes: new Set(r.headingLexemes ?? []),
    });
  });
  return { workspaceId, version, chunks, position, vectors, dims: dims / 4, model, df, lexical: buildLexicalIndex(chunks), loadedAt: Date.now() };
}

/**
 * The workspace's index at `version` or later. Concurrent callers share one load; a stale index is
 * replaced. `version` comes from the caller's own query (see retrieve-passages.ts), so a request
 * never answers from a knowledge base older than the one committed when it started.
 */
export async function getKbIndex(workspaceId: string, version: number, preferredModel?: string): Promise<KbIndex> {
  const cached = cache.get(workspaceId);
  if (cached && cached.version >= version) return cached;
  const pending = loading.get(workspaceId);
  if (pending) {
    const index = await pending;
    if (index.version >= version) return index;
  }
  const promise = load(workspaceId, preferredModel).finally(() => loading.delete(workspaceId));
  loading.set(workspaceId, promise);
  const index = await promise;
  const current = cache.get(workspaceId);
  if (!current || current.version <= index.version) cache.set(workspaceId, index);
  return index;
}

/**
 * The model of the workspace's cached index (`id@version`), if one is cached: lets a request start
 * embedding its question before the index is confirmed current. Loads nothing, bumps no recency.
 */
export const cachedKbIndexModel = (workspaceId: string): string | undefined => cache.peek(workspaceId)?.model ?? undefined;

/** For tests: forget every cached index. */
export function clearKbIndexCache() {
  cache.clear();
}
