-- Embedding vectors per model, so a change of embedding model re-embeds in the background while
-- the old vectors keep serving: ItemEmbedding gets one row per (workspace, item, model), and
-- knowledge-base chunks get pending columns for the new model's vectors until they are swapped in.

-- AlterTable
ALTER TABLE "ItemEmbedding" DROP CONSTRAINT "ItemEmbedding_pkey",
ADD CONSTRAINT "ItemEmbedding_pkey" PRIMARY KEY ("workspaceId", "itemId", "model");

-- AlterTable
ALTER TABLE "KbChunk" ADD COLUMN     "pendingModel" TEXT,
ADD COLUMN     "pendingVector" BYTEA;
