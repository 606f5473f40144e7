'use server';

import { revalidatePath } from 'next/cache';
import { requireUserId, runAction, type ActionResult } from '@/app/lib/session';
import { addCrawlSource, deleteCrawlSource, syncCrawlSourceNow } from '@/services/knowledge/crawl-sources';

export type CrawlActionState = ActionResult<{ message: string }> | null;

const LABELS = { startUrl: 'Start URL', maxDepth: 'Link depth', maxPages: 'Page limit', resyncHours: 'Re-sync' };

async function act(workspaceId: string, fn: (actorUserId: string) => Promise<string>): Promise<CrawlActionState> {
  const actorUserId = await requireUserId();
  const result = await runAction(async () => ({ message: await fn(actorUserId) }), { labels: LABELS });
  revalidatePath(`/dashboard/${workspaceId}/knowledge`);
  return result;
}

export async function addCrawlSourceAction(workspaceId: string, _prev: CrawlActionState, formData: FormData): Promise<CrawlActionState> {
  const value = (name: string) => {
    const v = formData.get(name);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  return act(workspaceId, async (actorUserId) => {
    const resync = value('resyncHours');
    await addCrawlSource({ actorUserId, workspaceId }, {
      startUrl: value('startUrl') ?? '',
      ...(value('maxDepth') ? { maxDepth: value('maxDepth') } : {}),
      ...(value('maxPages') ? { maxPages: value('maxPages') } : {}),
      resyncHours: resync && resync !== 'never' ? resync : null,
    });
    return 'The site is being crawled; its pages appear below as they are indexed.';
  });
}

export async function syncCrawlSourceAction(workspaceId: string, sourceId: string): Promise<CrawlActionState> {
  return act(workspaceId, async (actorUserId) => {
    await syncCrawlSourceNow({ actorUserId, workspaceId }, sourceId);
    return 'Queued.';
  });
}

export async function deleteCrawlSourceAction(workspaceId: string, sourceId: string): Promise<CrawlActionState> {
  return act(workspaceId, async (actorUserId) => {
    await deleteCrawlSource({ actorUserId, workspaceId }, sourceId);
    return 'Removed, with its pages.';
  });
}
