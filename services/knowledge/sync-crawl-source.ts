import type { Prisma } from '@/generated/prisma/client';
import { db } from '@/services/db/client';
import { env } from '@/services/config/env';
import { AppError } from '@/services/errors/app-error';
import { enqueue } from '@/services/jobs/enqueue';
import { indexDocumentJob } from '@/services/knowledge/jobs';
import { newDocumentId, storedFields } from './add-document';
import { bumpKbVersion } from './bump-kb-version';
import { crawlSite } from './crawl-site';
import { MAX_TITLE_CHARS } from './schemas';

/** What one sync did: the pages it added, changed and removed (URLs), and what it skipped. */
export interface CrawlReport {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  skipped: { url: string; reason: string }[];
  /** The page limit stopped the crawl: pages it did not reach were kept, not removed. */
  truncated: boolean;
  finishedAt: string;
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array) => a !== null && Buffer.from(a).equals(Buffer.from(b));

/** A crawled page's title: its <title>, else its host and path. */
const pageTitle = (page: { url: string; title?: string }) => {
  const u = new URL(page.url);
  return (page.title || u.hostname + u.pathname).slice(0, MAX_TITLE_CHARS);
};

/**
 * Crawls a source's site and brings its documents in line: a new page becomes a document (kind
 * from its content type, the page's URL as source, so citations link to it), a page whose bytes
 * changed is replaced (its passages go at once, indexed again), a page no longer found is deleted,
 * unless the crawl hit its page limit. One transaction per sync for the documents, the index jobs,
 * the knowledge-base version and the report.
 */
export async function syncCrawlSource(workspaceId: string, sourceId: string, opts: { allowedUrlRanges?: readonly string[] } = {}): Promise<CrawlReport | null> {
  const source = await db().kbCrawlSource.findUnique({ where: { workspaceId_id: { workspaceId, id: sourceId } } });
  if (!source) return null;
  await db().kbCrawlSource.update({ where: { workspaceId_id: { workspaceId, id: sourceId } }, data: { status: 'crawling', error: null } });
  let crawl: Awaited<ReturnType<typeof crawlSite>>;
  try {
    crawl = await crawlSite(source.startUrl, { maxDepth: source.maxDepth, maxPages: source.maxPages, allowedRanges: opts.allowedUrlRanges ?? env().KB_FETCH_ALLOWED_RANGES });
  } catch (err) {
    const message = err instanceof AppError ? err.message : 'The site could not be crawled';
    await db().kbCrawlSource.update({ where: { workspaceId_id: { workspaceId, id: sourceId } }, data: { status: 'failed', error: message, lastSyncAt: new Date() } });
    if (err instanceof AppError) return null;
    throw err;
  }

  const report: CrawlReport = { added: [], changed: [], removed: [], unchanged: 0, skipped: crawl.skipped, truncated: crawl.truncated, finishedAt: '' };
  await db().$transaction(
    async (tx) => {
      const existing = await tx.kbDocument.findMany({ where: { workspaceId, crawlSourceId: sourceId }, select: { id: true, sourceUrl: true, source: true, status: true } });
      const byUrl = new Map(existing.map((d) => [d.sourceUrl ?? '', d]));
      for (const page of crawl.pages) {
        const fields = { kind: page.kind, title: pageTitle(page), sourceUrl: page.url, contentType: page.contentType, source: page.bytes };
        const current = byUrl.get(page.url);
        byUrl.delete(page.url);
        if (!current) {
          const id = newDocumentId();
          await tx.kbDocument.create({ data: { workspaceId, id, crawlSourceId: sourceId, ...storedFields(fields) } });
          await enqueue(tx, indexDocumentJob, { workspaceId, documentId: id });
          report.added.push(page.url);
        } else if (sameBytes(current.source, page.bytes) && current.status !== 'failed') {
          report.unchanged++;
        } else {
          await tx.kbChunk.deleteMany({ where: { workspaceId, documentId: current.id } });
          await tx.kbDocument.update({
            where: { workspaceId_id: { workspaceId, id: current.id } },
            data: { ...storedFields(fields), status: 'queued', progress: 0, chunkCount: 0, error: null, version: { increment: 1 }, updatedAt: new Date() },
          });
          await enqueue(tx, indexDocumentJob, { workspaceId, documentId: current.id });
          report.changed.push(page.url);
        }
      }
      // Pages not reached because of the page limit may still exist: only a complete crawl removes,
      // and only pages that are gone (404, 410), no longer linked or now disallowed: a page that
      // failed for a moment (a timeout, a 503) keeps its document until a later sync.
      const failed = new Set(crawl.skipped.filter((s) => !/HTTP 4(04|10)$|robots\.txt/.test(s.reason)).map((s) => s.url));
      if (!crawl.truncated) {
        for (const [url, doc] of byUrl) {
          if (failed.has(url)) continue;
          await tx.kbDocument.delete({ where: { workspaceId_id: { workspaceId, id: doc.id } } });
          report.removed.push(url);
        }
      }
      if (report.changed.length || report.removed.length) await bumpKbVersion(tx, workspaceId);
      report.finishedAt = new Date().toISOString();
      await tx.kbCrawlSource.update({
        where: { workspaceId_id: { workspaceId, id: sourceId } },
        data: { status: 'done', error: null, lastSyncAt: new Date(report.finishedAt), lastReport: report as unknown as Prisma.InputJsonObject },
      });
    },
    { timeout: 60_000 },
  );
  return report;
}
