import type { Tx } from '@/services/db/client';

/**
 * Marks the workspace's knowledge base as changed (in the caller's transaction): api processes
 * compare this version with their in-memory retrieval index and reload it when it moved.
 */
export async function bumpKbVersion(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "ChatSettings" ("workspaceId", "kbVersion") VALUES (${workspaceId}, 1)
    ON CONFLICT ("workspaceId") DO UPDATE SET "kbVersion" = "ChatSettings"."kbVersion" + 1`;
}
