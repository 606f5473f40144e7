-- CreateTable
CREATE TABLE "ItemEmbedding" (
    "workspaceId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "dims" INTEGER NOT NULL,
    "vector" BYTEA NOT NULL,
    "textHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemEmbedding_pkey" PRIMARY KEY ("workspaceId","itemId")
);

-- CreateIndex
CREATE INDEX "ItemEmbedding_workspaceId_model_idx" ON "ItemEmbedding"("workspaceId", "model");

-- AddForeignKey
ALTER TABLE "ItemEmbedding" ADD CONSTRAINT "ItemEmbedding_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
