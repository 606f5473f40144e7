import { z } from 'zod';
import { recordAudit } from '@/services/audit/record-audit';
import { db } from '@/services/db/client';
import { AppError, notFound } from '@/services/errors/app-error';
import { randomBase62 } from '@/services/ids';
import { enqueue } from '@/services/jobs/enqueue';
import { httpUrl, parseOrThrow } from '@/services/validation';
import { crawlSiteJob } from '@/services/knowledge/jobs';
import { requireMembership } from '@/services/workspaces/require-membership';
import { bumpKbVersion } from './bump-kb-version';
import { MAX_CRAWL_DEPTH, MAX_CRAWL_PAGES } from './crawl-site';
import type { CrawlReport } from './sync-crawl-source';

export const MAX_CRAWL_SOURCES = 20;
const BUSY = ['queued', 'crawling'];

export const crawlSourceInput = z.strictObject({
  startUrl: httpUrl().describe('A page of the site (links are followed) or its sitemap (.xml)'),
  maxDepth: z.coerce.number().int().min(0).max(MAX_CRAWL_DEPTH).default(2),
  maxPages: z.coerce.number().int().min(1).max(MAX_CRAWL_PAGES).default(50),
  resyncHours: z.coerce.number().int().min(1).max(24 * 30).nullable().default(null).describe('Re-sync every this many hours; null: only by hand'),
});

export interface CrawlSourceOutput {
  id: string;
  startUrl: string;
  maxDepth: number;
  maxPages: number;
  resyncHours: number | null;
  status: string;
  error: string | null;
  lastSyncAt: string | null;
  lastReport: CrawlReport | null;
}

const toOutput = (r: { id: string; startUrl: string; maxDepth: number; maxPages: number; resyncHours: number | null; status: string; error: string | null; lastSyncAt: Date | null; lastReport: unknown }): CrawlSourceOutput => ({
  id: r.id,
  startUrl: r.startUrl,
  maxDepth: r.maxDepth,
  maxPages: r.maxPages,
  resyncHours: r.resyncHours,
  status: r.status,
  error: r.error,
  lastSyncAt: r.lastSyncAt?.toISOString() ?? null,
  lastReport: (r.lastReport as CrawlReport | null) ?? null,
});

export async function listCrawlSources(workspaceId: string): Promise<CrawlSourceOutput[]> {
  const rows = await db().kbCrawlSource.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map(toOutput);
}

/** An admin adds a site to crawl; its first crawl is queued at once. Audited. */
export async function addCrawlSource(who: { actorUserId: string; workspaceId: string }, input: unknown): Promise<CrawlSourceOutput> {
  await requireMembership(who.actorUserId, who.workspaceId, 'admin');
  const data = parseOrThrow(crawlSourceInput, input);
  const { workspaceId } = who;
  const row = await db().$transaction(async (tx) => {
    if ((await tx.kbCrawlSource.count({ where: { workspaceId } })) >= MAX_CRAWL_SOURCES) {
      throw new AppError('conflict', `A workspace crawls at most ${MAX_CRAWL_SOURCES} sites; remove one first`);
    }
    const created = await tx.kbCrawlSource.create({ data: { workspaceId, id: `crawl_${randomBase62(14)}`, ...data } });
    await recordAudit(tx, { workspaceId, action: 'kb_crawl_source.created', targetType: 'kb_crawl_source', targetId: created.id, actorUserId: who.actorUserId, metadata: { ...data } });
    await enqueue(tx, crawlSiteJob, { workspaceId, sourceId: created.id });
    return created;
  });
  return toOutput(row);
}

/** "Sync now": queues a crawl unless one is queued or running (409). */
export async function syncCrawlSourceNow(who: { actorUserId: string; workspaceId: string }, sourceId: string): Promise<void> {
  await requireMembership(who.actorUserId, who.workspaceId, 'admin');
  const { workspaceId } = who;
  await db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: string }[]>`SELECT "status" FROM "KbCrawlSource" WHERE "workspaceId" = ${workspaceId} AND "id" = ${sourceId} FOR UPDATE`;
    if (!row) throw notFound('Crawl source');
    if (BUSY.includes(row.status)) throw new AppError('conflict', 'This site is already being crawled.');
    await tx.kbCrawlSource.update({ where: { workspaceId_id: { workspaceId, id: sourceId } }, data: { status: 'queued' } });
    await enqueue(tx, crawlSiteJob, { workspaceId, sourceId });
  });
}

/** Removes a crawl source and the documents it added (the bot stops citing them at once). Audited. */
export async function deleteCrawlSource(who: { actorUserId: string; workspaceId: string }, sourceId: string): Promise<void> {
  await requireMembership(who.actorUserId, who.workspaceId, 'admin');
  const { workspaceId } = who;
  await db().$transaction(async (tx) => {
    const { count } = await tx.kbCrawlSource.deleteMany({ where: { workspaceId, id: sourceId } });
    if (count === 0) throw notFound('Crawl source');
    const docs = await tx.kbDocument.deleteMany({ where: { workspaceId, crawlSourceId: sourceId } });
    await bumpKbVersion(tx, workspaceId);
    await recordAudit(tx, { workspaceId, action: 'kb_crawl_source.deleted', targetType: 'kb_crawl_source', targetId: sourceId, actorUserId: who.actorUserId, metadata: { documents: docs.count } });
  });
}

/** The schedule (hourly job): queues every source whose re-sync interval has passed; returns how many. */
export async function queueDueCrawls(now = new Date()): Promise<number> {
  return db().$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ workspaceId: string; id: string }[]>`
      UPDATE "KbCrawlSource" SET "status" = 'queued'
      WHERE "resyncHours" IS NOT NULL AND "status" NOT IN ('queued', 'crawling')
        AND ("lastSyncAt" IS NULL OR "lastSyncAt" + make_interval(hours => "resyncHours") <= ${now})
      RETURNING "workspaceId", "id"`;
    for (const s of due) await enqueue(tx, crawlSiteJob, { workspaceId: s.workspaceId, sourceId: s.id });
    return due.length;
  });
}
