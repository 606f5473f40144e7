-- CreateTable
CREATE TABLE "QuotaCounter" (
    "workspaceId" TEXT NOT NULL,
    "meter" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "QuotaCounter_pkey" PRIMARY KEY ("workspaceId","meter","periodStart")
);

-- AddForeignKey
ALTER TABLE "QuotaCounter" ADD CONSTRAINT "QuotaCounter_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
