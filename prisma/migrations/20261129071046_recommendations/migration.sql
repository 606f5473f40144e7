-- CreateTable
CREATE TABLE "RecModelVersion" (
    "workspaceId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "events" INTEGER NOT NULL DEFAULT 0,
    "users" INTEGER NOT NULL DEFAULT 0,
    "items" INTEGER NOT NULL DEFAULT 0,
    "dataCutoff" TIMESTAMP(3),
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "report" JSONB NOT NULL DEFAULT '{}',
    "config" JSONB,
    "logs" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    "promoted" BOOLEAN NOT NULL DEFAULT false,
    "decision" TEXT,
    "peakMemoryMb" INTEGER,
    "artifact" BYTEA,

    CONSTRAINT "RecModelVersion_pkey" PRIMARY KEY ("workspaceId","version")
);

-- CreateTable
CREATE TABLE "RecSettings" (
    "workspaceId" TEXT NOT NULL,
    "activeVersion" INTEGER,
    "abEnabled" BOOLEAN NOT NULL DEFAULT false,
    "abVersionA" INTEGER,
    "abVersionB" INTEGER,
    "abPercentB" INTEGER NOT NULL DEFAULT 50,
    "eventWeights" JSONB,
    "halfLifeDays" DOUBLE PRECISION,
    "autoTrain" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecSettings_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "RecServeStat" (
    "workspaceId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "version" INTEGER NOT NULL,
    "endpoint" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "items" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RecServeStat_pkey" PRIMARY KEY ("workspaceId","day","version","endpoint")
);

-- CreateIndex
CREATE INDEX "RecModelVersion_workspaceId_status_idx" ON "RecModelVersion"("workspaceId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RecModelVersion_workspaceId_jobId_key" ON "RecModelVersion"("workspaceId", "jobId");

-- AddForeignKey
ALTER TABLE "RecModelVersion" ADD CONSTRAINT "RecModelVersion_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
