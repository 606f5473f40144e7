import type { Tx } from '@/services/db/client';
import { encodeVector } from '@/services/embeddings/item-embeddings';
import type { Chunk } from './chunk-sections';

// One statement per batch. The full-text vector weighs the document title and the heading path
// (A) above the text (D); `lexemes` (the chunk's stemmed terms), those of the title and heading, and each sentence's lexemes are
// derived by PostgreSQL from the same english configuration, so the api's coverage scores and
// the full-text index agree on what a term is. Sentences travel as JSON text per row (arrays of
// arrays cannot be unnested).
const INSERT_CHUNKS = `
INSERT INTO "KbChunk" ("workspaceId", "documentId", "idx", "heading", "text", "anchor", "sentences", "lexemes", "headingLexemes", "model", "vector", "tsv")
SELECT $1::text, $2::text, t.idx, t.heading, t.text, t.anchor,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('t', s.value, 'l', tsvector_to_array(to_tsvector('english', s.value))) ORDER BY s.ord), '[]'::jsonb)
          FROM jsonb_array_elements_text(t.sentences::jsonb) WITH ORDINALITY AS s(value, ord)),
       tsvector_to_array(v.tsv), tsvector_to_array(v.head), $3::text, decode(t.vector, 'base64'), v.head || v.body
FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS t(idx, heading, text, anchor, sentences, vector)
CROSS JOIN LATERAL (
  SELECT setweight(to_tsvector('english', $10::text || ' ' || t.heading), 'A') AS head, setweight(to_tsvector('english', t.text), 'D') AS body
) h
CROSS JOIN LATERAL (SELECT h.head, h.body, h.head || h.body AS tsv) v`;

export interface EmbeddedChunk extends Chunk {
  idx: number;
  vector: Float32Array;
}

/** Inserts chunks of one document (in the caller's transaction), in statements of `batch` rows. */
export async function storeChunks(
  tx: Tx,
  target: { workspaceId: string; documentId: string; title: string; model: string },
  chunks: EmbeddedChunk[],
  batch = 500,
): Promise<void> {
  for (let i = 0; i < chunks.length; i += batch) {
    const part = chunks.slice(i, i + batch);
    await tx.$executeRawUnsafe(
      INSERT_CHUNKS,
      target.workspaceId,
      target.documentId,
      target.model,
      part.map((c) => c.idx),
      part.map((c) => c.heading),
      part.map((c) => c.text),
      part.map((c) => c.anchor ?? null),
      part.map((c) => JSON.stringify(c.sentences)),
      part.map((c) => Buffer.from(encodeVector(c.vector)).toString('base64')),
      target.title,
    );
  }
}
