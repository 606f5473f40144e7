-- AlterTable
ALTER TABLE "ChatSettings" ADD COLUMN     "handoffWebhookSecretEncrypted" TEXT,
ADD COLUMN     "handoffWebhookUrl" TEXT;

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "assignedAt" TIMESTAMP(3),
ADD COLUMN     "assigneeUserId" TEXT;

-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN     "authorName" TEXT,
ADD COLUMN     "authorUserId" TEXT;

-- CreateTable
CREATE TABLE "ConversationNote" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "authorUserId" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationNote_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateIndex
CREATE INDEX "ConversationNote_workspaceId_conversationId_createdAt_idx" ON "ConversationNote"("workspaceId", "conversationId", "createdAt");

-- AddForeignKey
ALTER TABLE "ConversationNote" ADD CONSTRAINT "ConversationNote_workspaceId_conversationId_fkey" FOREIGN KEY ("workspaceId", "conversationId") REFERENCES "Conversation"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

