-- CreateTable
CREATE TABLE "IdentityMerge" (
    "workspaceId" TEXT NOT NULL,
    "anonymousId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "events" INTEGER NOT NULL DEFAULT 0,
    "conversations" INTEGER NOT NULL DEFAULT 0,
    "mergedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdentityMerge_pkey" PRIMARY KEY ("workspaceId","anonymousId")
);

-- CreateTable
CREATE TABLE "WidgetSighting" (
    "workspaceId" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WidgetSighting_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateIndex
CREATE INDEX "IdentityMerge_workspaceId_userId_idx" ON "IdentityMerge"("workspaceId", "userId");

-- AddForeignKey
ALTER TABLE "IdentityMerge" ADD CONSTRAINT "IdentityMerge_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WidgetSighting" ADD CONSTRAINT "WidgetSighting_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
