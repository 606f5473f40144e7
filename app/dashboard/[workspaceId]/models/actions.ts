'use server';

import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { requireMembership } from '@/services/workspaces/require-membership';
import { compareTexts, trySentiment } from '@/services/models/try-models';
import { similarCatalogItems } from '@/services/models/similar-catalog-items';

export type SentimentData = Awaited<ReturnType<typeof trySentiment>>;
export type CompareData = Awaited<ReturnType<typeof compareTexts>>;
export type SimilarData = Awaited<ReturnType<typeof similarCatalogItems>>;

const field = (f: FormData, name: string) => {
  const v = f.get(name);
  return typeof v === 'string' ? v : '';
};

async function member(workspaceId: string) {
  const userId = await requireUserId();
  await requireMembership(userId, workspaceId, 'member');
}

export async function trySentimentAction(workspaceId: string, _prev: ActionResult<SentimentData> | null, formData: FormData): Promise<ActionResult<SentimentData>> {
  return runAction(async () => {
    await member(workspaceId);
    return trySentiment({ text: field(formData, 'text') });
  });
}

export async function compareTextsAction(workspaceId: string, _prev: ActionResult<CompareData> | null, formData: FormData): Promise<ActionResult<CompareData>> {
  return runAction(async () => {
    await member(workspaceId);
    return compareTexts({ a: field(formData, 'a'), b: field(formData, 'b') });
  });
}

export async function similarItemsAction(workspaceId: string, _prev: ActionResult<SimilarData> | null, formData: FormData): Promise<ActionResult<SimilarData>> {
  return runAction(async () => {
    await member(workspaceId);
    return similarCatalogItems(workspaceId, { itemId: field(formData, 'itemId') });
  });
}
