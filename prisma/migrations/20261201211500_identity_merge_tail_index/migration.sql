-- CreateIndex
CREATE INDEX "IdentityMerge_workspaceId_mergedAt_idx" ON "IdentityMerge"("workspaceId", "mergedAt");
