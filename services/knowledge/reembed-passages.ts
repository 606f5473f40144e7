import { db } from '@/services/db/client';
import { encodeVector } from '@/services/embeddings/item-embeddings';
import { embeddingModelTag } from '@/services/embeddings/item-text';
import type { EmbeddingModel } from '@/ml/embedding/model';
import type { Logger } from '@/services/logger';
import { bumpKbVersion } from './bump-kb-version';
import { embeddingText } from './index-document';

// After a model change, a workspace's passages are re-embedded in the background into
// KbChunk.pendingModel/pendingVector while retrieval keeps using model/vector (one vector space per
// index: kb-index.ts). When every chunk has a vector of the new model, one transaction moves them
// all into place and bumps the knowledge-base version, so every api process reloads its index onto
// the new model at once. Pending vectors survive a crash or a retry: the work resumes where it stopped.

// Chunks of the workspace with no vector of the model $2, pending or in place, in a stable order.
const TODO = `
SELECT c."documentId" AS document_id, c."idx", c."heading", c."text", d."title"
FROM "KbChunk" c JOIN "KbDocument" d ON d."workspaceId" = c."workspaceId" AND d."id" = c."documentId"
WHERE c."workspaceId" = $1 AND c."model" <> $2 AND c."pendingModel" IS DISTINCT FROM $2
ORDER BY c."documentId", c."idx"
LIMIT $3`;

// The text must still match: a document re-indexed meanwhile has new chunks (of the new model).
const SET_PENDING = `
UPDATE "KbChunk" c SET "pendingModel" = $2, "pendingVector" = decode(t.vector, 'base64')
FROM unnest($3::text[], $4::int[], $5::text[], $6::text[]) AS t(document_id, idx, text, vector)
WHERE c."workspaceId" = $1 AND c."documentId" = t.document_id AND c."idx" = t.idx AND c."text" = t.text AND c."model" <> $2`;

const LEFT = `
SELECT count(*)::int AS left FROM "KbChunk"
WHERE "workspaceId" = $1 AND "model" <> $2 AND "pendingModel" IS DISTINCT FROM $2`;

const SWAP = `
UPDATE "KbChunk" SET "model" = "pendingModel", "vector" = "pendingVector", "pendingModel" = NULL, "pendingVector" = NULL
WHERE "workspaceId" = $1 AND "model" <> $2 AND "pendingModel" = $2`;

// Leftovers of an earlier, abandoned change (another target model).
const CLEAR = `
UPDATE "KbChunk" SET "pendingModel" = NULL, "pendingVector" = NULL
WHERE "workspaceId" = $1 AND "pendingModel" IS NOT NULL`;

export interface ReembedResult {
  /** Chunks embedded by this call. */
  embedded: number;
  /** Chunks moved onto the model (0 until the workspace is complete). */
  swapped: number;
  /** Whether every chunk of the workspace now has a vector of the model in place. */
  done: boolean;
}

/**
 * Re-embeds the workspace's passages that have no vector of `model`, `batch` chunks per write,
 * and when none is left swaps them all in. `maxChunks` bounds the work of one call (the rest is
 * left pending for the next). Idempotent; a workspace already on `model` costs one query.
 */
export async function reembedPassages(
  workspaceId: string,
  model: EmbeddingModel,
  opts: { batch?: number; maxChunks?: number; log?: Logger } = {},
): Promise<ReembedResult> {
  const tag = embeddingModelTag(model.spec);
  const batch = opts.batch ?? 256;
  let embedded = 0;
  while (embedded < (opts.maxChunks ?? Infinity)) {
    const limit = Math.min(batch, (opts.maxChunks ?? Infinity) - embedded);
    const rows = await db().$queryRawUnsafe<{ document_id: string; idx: number; heading: string; text: string; title: string }[]>(TODO, workspaceId, tag, limit);
    if (rows.length === 0) break;
    const vectors = await model.embed(rows.map((r) => embeddingText(r.title, r.heading, r.text)));
    const written = await db().$executeRawUnsafe(
      SET_PENDING,
      workspaceId,
      tag,
      rows.map((r) => r.document_id),
      rows.map((r) => r.idx),
      rows.map((r) => r.text),
      vectors.map((v) => Buffer.from(encodeVector(v.embedding)).toString('base64')),
    );
    embedded += rows.length;
    // Every row changed under us (documents re-indexed meanwhile): read again next time.
    if (written === 0) break;
  }
  const swapped = await db().$transaction(
    async (tx) => {
      const [{ left } = { left: 0 }] = await tx.$queryRawUnsafe<{ left: number }[]>(LEFT, workspaceId, tag);
      if (left > 0) return -1;
      const moved = await tx.$executeRawUnsafe(SWAP, workspaceId, tag);
      await tx.$executeRawUnsafe(CLEAR, workspaceId);
      if (moved > 0) await bumpKbVersion(tx, workspaceId);
      return moved;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  if (swapped > 0) opts.log?.info({ workspaceId, model: tag, chunks: swapped }, 'passages moved onto the new embedding model');
  return { embedded, swapped: Math.max(swapped, 0), done: swapped >= 0 };
}
