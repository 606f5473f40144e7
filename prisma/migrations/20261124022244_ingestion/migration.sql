-- CreateTable
CREATE TABLE "Event" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "userId" TEXT,
    "anonymousId" TEXT,
    "itemId" TEXT,
    "value" DOUBLE PRECISION,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "recommId" TEXT,
    "properties" JSONB,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "Item" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT,
    "description" TEXT,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "price" DOUBLE PRECISION,
    "currency" TEXT,
    "available" BOOLEAN NOT NULL DEFAULT true,
    "url" TEXT,
    "imageUrl" TEXT,
    "publishedAt" TIMESTAMP(3),
    "properties" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Item_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "EndUser" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "traits" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EndUser_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateIndex
CREATE INDEX "Event_workspaceId_timestamp_idx" ON "Event"("workspaceId", "timestamp");

-- CreateIndex
CREATE INDEX "Event_workspaceId_userId_idx" ON "Event"("workspaceId", "userId");

-- CreateIndex
CREATE INDEX "Event_workspaceId_itemId_idx" ON "Event"("workspaceId", "itemId");

-- CreateIndex
CREATE INDEX "Item_categories_idx" ON "Item" USING GIN ("categories");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EndUser" ADD CONSTRAINT "EndUser_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Full-text search over items (GET /v1/items?q=), written by hand: Prisma cannot express an
-- expression index. The 'simple' configuration (no stemming, no stop words) works the same for
-- every tenant's language. services/catalog/list-items.ts must use exactly this expression.
CREATE INDEX "Item_search_idx" ON "Item" USING GIN (
    to_tsvector('simple'::regconfig, coalesce("title", '') || ' ' || coalesce("description", ''))
);
