-- CreateTable
CREATE TABLE "BotTestCase" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "expectedFacts" TEXT[],
    "expectedDocumentId" TEXT,
    "expectedDocumentTitle" TEXT,
    "shouldNotAnswer" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BotTestCase_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "BotTestRun" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BotTestRun_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "BotTestResult" (
    "workspaceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "answered" BOOLEAN NOT NULL,
    "answer" TEXT NOT NULL,
    "citations" JSONB NOT NULL,
    "relevance" DOUBLE PRECISION NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "failures" JSONB NOT NULL,
    "latencyMs" INTEGER NOT NULL,

    CONSTRAINT "BotTestResult_pkey" PRIMARY KEY ("workspaceId","runId","caseId")
);

-- CreateIndex
CREATE INDEX "BotTestCase_workspaceId_createdAt_idx" ON "BotTestCase"("workspaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BotTestCase_workspaceId_questionKey_key" ON "BotTestCase"("workspaceId", "questionKey");

-- CreateIndex
CREATE INDEX "BotTestRun_workspaceId_createdAt_idx" ON "BotTestRun"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "BotTestResult_workspaceId_caseId_idx" ON "BotTestResult"("workspaceId", "caseId");

-- AddForeignKey
ALTER TABLE "BotTestCase" ADD CONSTRAINT "BotTestCase_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotTestRun" ADD CONSTRAINT "BotTestRun_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BotTestResult" ADD CONSTRAINT "BotTestResult_workspaceId_runId_fkey" FOREIGN KEY ("workspaceId", "runId") REFERENCES "BotTestRun"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
