-- AlterTable
ALTER TABLE "ChatSettings" ADD COLUMN     "botName" TEXT,
ADD COLUMN     "fallbackText" TEXT,
ADD COLUMN     "llmApiKeyEncrypted" TEXT,
ADD COLUMN     "llmApiKeyHint" TEXT,
ADD COLUMN     "llmBaseUrl" TEXT,
ADD COLUMN     "llmModel" TEXT,
ADD COLUMN     "minRelevance" DOUBLE PRECISION,
ADD COLUMN     "persona" TEXT,
ADD COLUMN     "starterQuestions" TEXT[] DEFAULT ARRAY[]::TEXT[];
