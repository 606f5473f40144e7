-- AlterTable
ALTER TABLE "RecSettings" ADD COLUMN     "maxPerCategory" INTEGER;

-- CreateTable
CREATE TABLE "RecRule" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "condition" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecRule_pkey" PRIMARY KEY ("workspaceId","id")
);

-- AddForeignKey
ALTER TABLE "RecRule" ADD CONSTRAINT "RecRule_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
