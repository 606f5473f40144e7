-- AlterTable
ALTER TABLE "KbDocument" ADD COLUMN     "crawlSourceId" TEXT;

-- CreateTable
CREATE TABLE "KbCrawlSource" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "startUrl" TEXT NOT NULL,
    "maxDepth" INTEGER NOT NULL DEFAULT 2,
    "maxPages" INTEGER NOT NULL DEFAULT 50,
    "resyncHours" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "lastReport" JSONB,
    "lastSyncAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KbCrawlSource_pkey" PRIMARY KEY ("workspaceId","id")
);

-- AddForeignKey
ALTER TABLE "KbCrawlSource" ADD CONSTRAINT "KbCrawlSource_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
