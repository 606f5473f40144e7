-- CreateTable
CREATE TABLE "ChatSettings" (
    "workspaceId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT 'Questions? Ask us',
    "greeting" TEXT NOT NULL DEFAULT 'Hi! Ask me anything about our shop, shipping or returns.',
    "color" TEXT NOT NULL DEFAULT '#4f46e5',
    "position" TEXT NOT NULL DEFAULT 'right',
    "identitySecret" TEXT,
    "widgetKeyId" TEXT,
    "widgetKey" TEXT,
    "kbVersion" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatSettings_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "KbDocument" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sourceUrl" TEXT,
    "contentType" TEXT,
    "source" BYTEA,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "indexedAt" TIMESTAMP(3),

    CONSTRAINT "KbDocument_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "KbChunk" (
    "workspaceId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "idx" INTEGER NOT NULL,
    "heading" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "anchor" TEXT,
    "sentences" JSONB NOT NULL,
    "lexemes" TEXT[],
    "headingLexemes" TEXT[],
    "model" TEXT NOT NULL,
    "vector" BYTEA NOT NULL,
    "tsv" tsvector NOT NULL,

    CONSTRAINT "KbChunk_pkey" PRIMARY KEY ("workspaceId","documentId","idx")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "userVerified" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'open',
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "flagReason" TEXT,
    "contactEmail" TEXT,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "unansweredCount" INTEGER NOT NULL DEFAULT 0,
    "negativeCount" INTEGER NOT NULL DEFAULT 0,
    "lastSentiment" TEXT,
    "preview" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastMessageAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "ChatMessage" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "answered" BOOLEAN,
    "intent" TEXT,
    "method" TEXT,
    "latencyMs" INTEGER,
    "confidence" DOUBLE PRECISION,
    "citations" JSONB,
    "products" JSONB,
    "sentimentLabel" TEXT,
    "sentimentScore" DOUBLE PRECISION,
    "sentimentScores" JSONB,
    "feedback" TEXT,
    "feedbackComment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateIndex
CREATE INDEX "KbDocument_workspaceId_createdAt_idx" ON "KbDocument"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "KbChunk_tsv_idx" ON "KbChunk" USING GIN ("tsv");

-- CreateIndex
CREATE INDEX "Conversation_workspaceId_lastMessageAt_idx" ON "Conversation"("workspaceId", "lastMessageAt");

-- CreateIndex
CREATE INDEX "ChatMessage_workspaceId_createdAt_idx" ON "ChatMessage"("workspaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChatMessage_workspaceId_conversationId_seq_key" ON "ChatMessage"("workspaceId", "conversationId", "seq");

-- AddForeignKey
ALTER TABLE "ChatSettings" ADD CONSTRAINT "ChatSettings_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KbDocument" ADD CONSTRAINT "KbDocument_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KbChunk" ADD CONSTRAINT "KbChunk_workspaceId_documentId_fkey" FOREIGN KEY ("workspaceId", "documentId") REFERENCES "KbDocument"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatMessage" ADD CONSTRAINT "ChatMessage_workspaceId_conversationId_fkey" FOREIGN KEY ("workspaceId", "conversationId") REFERENCES "Conversation"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
