// The site crawl against a real local web server: same site only, depth and page limits,
// robots.txt, sitemaps, the SSRF guard, and the added / changed / removed report of each sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/services/db/client';
import { signUp } from '@/services/auth/sign-up';
import { AppError } from '@/services/errors/app-error';
import { addCrawlSource, deleteCrawlSource, queueDueCrawls, syncCrawlSourceNow } from '@/services/knowledge/crawl-sources';
import { crawlSite } from '@/services/knowledge/crawl-site';
import { syncCrawlSource } from '@/services/knowledge/sync-crawl-source';
import { buildOwner, TEST_PASSWORD, uniqueEmail } from '@/test/support/builders';
import { startTestSite, type TestSite } from '@/test/support/knowledge';

const LOOPBACK = ['127.0.0.0/8'];
const html = (title: string, body: string) => ({ type: 'text/html; charset=utf-8', body: `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>` });

let site: TestSite;
let routes: Parameters<typeof startTestSite>[0];
beforeAll(async () => {
  routes = {};
  site = await startTestSite(routes);
  const o = site.origin;
  Object.assign(routes, {
    '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /private\n' },
    '/': html('Home', `<h1>Home</h1><p>Welcome to the shop.</p><a href="/a">A</a> <a href="/b#top">B</a> <a href="/private/x">Private</a> <a href="https://other.example/x">Other</a> <a href="mailto:a@b.c">Mail</a> <a rel="nofollow" href="/nf">NF</a>`),
    '/a': html('Page A', '<h1>Page A</h1><p>Tents are waterproof.</p><a href="/a/deep">Deep</a> <a href="/">Home</a>'),
    '/a/deep': html('Deep', '<h1>Deep</h1><p>Boots are leather.</p><a href="/a/deeper">Deeper</a>'),
    '/a/deeper': html('Deeper', '<h1>Deeper</h1><p>Too deep.</p>'),
    '/b': html('Page B', '<h1>Page B</h1><p>Shipping takes two days.</p>'),
    '/nf': html('No follow', '<p>Not followed.</p>'),
    '/private/x': html('Private', '<p>Staff only.</p>'),
    '/sitemap.xml': { type: 'application/xml', body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${o}/a</loc></url><url><loc>${o}/b</loc></url><url><loc>https://elsewhere.example/c</loc></url></urlset>` },
    '/sitemap-index.xml': { type: 'text/xml', body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${o}/sitemap.xml</loc></sitemap></sitemapindex>` },
  });
});
afterAll(async () => {
  await site?.close();
});

async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const docsOf = (workspaceId: string, sourceId: string) =>
  db().kbDocument.findMany({ where: { workspaceId, crawlSourceId: sourceId }, orderBy: { sourceUrl: 'asc' }, select: { id: true, kind: true, title: true, sourceUrl: true, status: true, version: true } });

describe('site crawl', () => {
  it('crawls the same site within the depth limit, respecting robots.txt and nofollow; re-syncs report added, changed and removed pages', async () => {
    const owner = await buildOwner();
    const who = { actorUserId: owner.user.id, workspaceId: owner.workspace.id };
    const o = site.origin;
    const source = await addCrawlSource(who, { startUrl: `${o}/`, maxDepth: 2, maxPages: 20 });
    expect(source).toMatchObject({ startUrl: `${o}/`, maxDepth: 2, maxPages: 20, resyncHours: null, status: 'queued' });
    const before = site.requests.length;

    const first = await syncCrawlSource(who.workspaceId, source.id, { allowedUrlRanges: LOOPBACK });
    expect(first).toMatchObject({ changed: [], removed: [], unchanged: 0, truncated: false });
    expect([...first!.added].sort()).toEqual([`${o}/`, `${o}/a`, `${o}/a/deep`, `${o}/b`]);
    expect(first!.skipped).toEqual([{ url: `${o}/private/x`, reason: 'disallowed by robots.txt' }]);
    const requested = site.requests.slice(before);
    expect(requested).toContain('/robots.txt');
    for (const never of ['/private/x', '/nf', '/a/deeper']) expect(requested).not.toContain(never);
    const docs = await docsOf(who.workspaceId, source.id);
    expect(docs.map((d) => [d.sourceUrl, d.title, d.kind, d.status])).toEqual([
      [`${o}/`, 'Home', 'html', 'queued'],
      [`${o}/a`, 'Page A', 'html', 'queued'],
      [`${o}/a/deep`, 'Deep', 'html', 'queued'],
      [`${o}/b`, 'Page B', 'html', 'queued'],
    ]);
    const stored = await db().kbCrawlSource.findUnique({ where: { workspaceId_id: { workspaceId: who.workspaceId, id: source.id } } });
    expect(stored).toMatchObject({ status: 'done', error: null, lastReport: expect.objectContaining({ added: first!.added }) });

    // The site changes: B is edited, the deep page is gone.
    const oldB = routes['/b']!;
    const oldDeep = routes['/a/deep']!;
    routes['/b'] = html('Page B', '<h1>Page B</h1><p>Shipping takes one day.</p>');
    delete routes['/a/deep'];
    try {
      const second = await syncCrawlSource(who.workspaceId, source.id, { allowedUrlRanges: LOOPBACK });
      expect(second).toMatchObject({ added: [], changed: [`${o}/b`], removed: [`${o}/a/deep`], unchanged: 2, truncated: false });
      expect(second!.skipped).toContainEqual({ url: `${o}/a/deep`, reason: 'The URL answered HTTP 404' });
      const after = await docsOf(who.workspaceId, source.id);
      expect(after.map((d) => d.sourceUrl)).toEqual([`${o}/`, `${o}/a`, `${o}/b`]);
      expect(after.find((d) => d.sourceUrl === `${o}/b`)).toMatchObject({ version: 2, status: 'queued' });
      expect(after.find((d) => d.sourceUrl === `${o}/a`)).toMatchObject({ version: 1 });
    } finally {
      routes['/b'] = oldB;
      routes['/a/deep'] = oldDeep;
    }
  });

  it('stops at the page limit and then removes nothing it did not reach', async () => {
    const owner = await buildOwner();
    const who = { actorUserId: owner.user.id, workspaceId: owner.workspace.id };
    const source = await addCrawlSource(who, { startUrl: `${site.origin}/`, maxDepth: 3, maxPages: 10 });
    await syncCrawlSource(who.workspaceId, source.id, { allowedUrlRanges: LOOPBACK });
    await db().kbCrawlSource.update({ where: { workspaceId_id: { workspaceId: who.workspaceId, id: source.id } }, data: { maxPages: 2 } });
    const limited = await syncCrawlSource(who.workspaceId, source.id, { allowedUrlRanges: LOOPBACK });
    expect(limited).toMatchObject({ added: [], changed: [], removed: [], unchanged: 2, truncated: true });
    expect((await docsOf(who.workspaceId, source.id)).length).toBe(5);
  });

  it('keeps the document of a page that failed for a moment (503), and stops at the byte budget as cut short', async () => {
    const owner = await buildOwner();
    const who = { actorUserId: owner.user.id, workspaceId: owner.workspace.id };
    const source = await addCrawlSource(who, { startUrl: `${site.origin}/`, maxDepth: 1 });
    await syncCrawlSource(who.workspaceId, source.id, { allowedUrlRanges: LOOPBACK });
    const saved = routes['/b']!;
    routes['/b'] = { status: 503, type: 'text/plain', body: 'busy' };
    try {
      const report = await syncCrawlSource(who.workspaceId, source.id, { allowedUrlRanges: LOOPBACK });
      expect(report).toMatchObject({ added: [], changed: [], removed: [], unchanged: 2, truncated: false });
      expect(report!.skipped).toContainEqual({ url: `${site.origin}/b`, reason: 'The URL answered HTTP 503' });
      expect((await docsOf(who.workspaceId, source.id)).map((d) => d.sourceUrl)).toContain(`${site.origin}/b`);
    } finally {
      routes['/b'] = saved;
    }

    const home = Buffer.byteLength(routes['/']!.body as string);
    const cut = await crawlSite(`${site.origin}/`, { maxDepth: 2, maxPages: 50, allowedRanges: LOOPBACK, maxTotalBytes: home + 10 });
    expect(cut.pages.map((p) => p.url)).toEqual([`${site.origin}/`]);
    expect(cut.truncated).toBe(true);
  });

  it('takes the pages a sitemap (or a sitemap index) lists on its own site, without following their links', async () => {
    const owner = await buildOwner();
    const who = { actorUserId: owner.user.id, workspaceId: owner.workspace.id };
    for (const path of ['/sitemap.xml', '/sitemap-index.xml']) {
      const source = await addCrawlSource(who, { startUrl: `${site.origin}${path}`, maxDepth: 2 });
      const report = await syncCrawlSource(who.workspaceId, source.id, { allowedUrlRanges: LOOPBACK });
      expect([...report!.added].sort(), path).toEqual([`${site.origin}/a`, `${site.origin}/b`]);
    }
  });

  it('goes through the SSRF guard: a private address is not fetched (skipped with the reason) and nothing is stored', async () => {
    const owner = await buildOwner();
    const who = { actorUserId: owner.user.id, workspaceId: owner.workspace.id };
    const source = await addCrawlSource(who, { startUrl: `${site.origin}/` });
    const before = site.requests.length;
    const report = await syncCrawlSource(who.workspaceId, source.id, { allowedUrlRanges: [] });
    expect(report).toMatchObject({ added: [], skipped: [{ url: `${site.origin}/`, reason: expect.stringMatching(/private address/) }] });
    expect(site.requests.length).toBe(before);
    expect(await docsOf(who.workspaceId, source.id)).toEqual([]);
  });

  it('admins add, sync and delete sources (audited); members 403, strangers 404, bad input names its field', async () => {
    const owner = await buildOwner();
    const ws = owner.workspace.id;
    const admin = { actorUserId: owner.user.id, workspaceId: ws };
    const member = await signUp({ email: uniqueEmail('member'), name: 'M', password: TEST_PASSWORD, workspaceName: 'M' });
    await db().membership.create({ data: { workspaceId: ws, userId: member.user.id, role: 'member' } });
    const stranger = await buildOwner();
    const url = `${site.origin}/`;

    expect(await appError(addCrawlSource({ actorUserId: member.user.id, workspaceId: ws }, { startUrl: url }))).toMatchObject({ code: 'forbidden' });
    expect(await appError(addCrawlSource({ actorUserId: stranger.user.id, workspaceId: ws }, { startUrl: url }))).toMatchObject({ code: 'not_found' });
    for (const [input, path] of [
      [{ startUrl: 'ftp://x.example/' }, 'startUrl'],
      [{}, 'startUrl'],
      [{ startUrl: url, maxPages: 0 }, 'maxPages'],
      [{ startUrl: url, maxPages: 501 }, 'maxPages'],
      [{ startUrl: url, maxDepth: 6 }, 'maxDepth'],
      [{ startUrl: url, resyncHours: 0 }, 'resyncHours'],
    ] as const) {
      const err = await appError(addCrawlSource(admin, input));
      expect(err, path).toMatchObject({ code: 'validation_failed' });
      expect(err.details?.[0]?.path).toBe(path);
    }
    expect(await db().kbCrawlSource.count({ where: { workspaceId: ws } })).toBe(0);

    const source = await addCrawlSource(admin, { startUrl: url, maxDepth: 0, resyncHours: 24 });
    expect(await appError(syncCrawlSourceNow(admin, source.id))).toMatchObject({ code: 'conflict' });
    await syncCrawlSource(ws, source.id, { allowedUrlRanges: LOOPBACK });
    await syncCrawlSourceNow(admin, source.id);
    expect(await appError(syncCrawlSourceNow({ actorUserId: member.user.id, workspaceId: ws }, source.id))).toMatchObject({ code: 'forbidden' });
    expect(await appError(syncCrawlSourceNow({ actorUserId: stranger.user.id, workspaceId: stranger.workspace.id }, source.id))).toMatchObject({ code: 'not_found' });
    expect(await appError(deleteCrawlSource({ actorUserId: stranger.user.id, workspaceId: stranger.workspace.id }, source.id))).toMatchObject({ code: 'not_found' });
    expect(await appError(deleteCrawlSource({ actorUserId: member.user.id, workspaceId: ws }, source.id))).toMatchObject({ code: 'forbidden' });
    expect((await docsOf(ws, source.id)).length).toBe(1);

    await deleteCrawlSource(admin, source.id);
    expect(await docsOf(ws, source.id)).toEqual([]);
    expect(await db().kbCrawlSource.count({ where: { workspaceId: ws } })).toBe(0);
    const audit = await db().auditLog.findMany({ where: { workspaceId: ws, targetType: 'kb_crawl_source' }, orderBy: { createdAt: 'asc' }, select: { action: true, targetId: true, actorUserId: true, metadata: true } });
    expect(audit).toEqual([
      { action: 'kb_crawl_source.created', targetId: source.id, actorUserId: owner.user.id, metadata: { startUrl: url, maxDepth: 0, maxPages: 50, resyncHours: 24 } },
      { action: 'kb_crawl_source.deleted', targetId: source.id, actorUserId: owner.user.id, metadata: { documents: 1 } },
    ]);
  });

  it('the schedule queues the sources whose re-sync interval has passed, once', async () => {
    const owner = await buildOwner();
    const who = { actorUserId: owner.user.id, workspaceId: owner.workspace.id };
    const due = await addCrawlSource(who, { startUrl: `${site.origin}/`, resyncHours: 1 });
    const fresh = await addCrawlSource(who, { startUrl: `${site.origin}/a`, resyncHours: 1 });
    const manual = await addCrawlSource(who, { startUrl: `${site.origin}/b` });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
    await db().kbCrawlSource.update({ where: { workspaceId_id: { workspaceId: who.workspaceId, id: due.id } }, data: { status: 'done', lastSyncAt: hoursAgo(2) } });
    await db().kbCrawlSource.update({ where: { workspaceId_id: { workspaceId: who.workspaceId, id: fresh.id } }, data: { status: 'done', lastSyncAt: hoursAgo(0.5) } });
    await db().kbCrawlSource.update({ where: { workspaceId_id: { workspaceId: who.workspaceId, id: manual.id } }, data: { status: 'done', lastSyncAt: hoursAgo(1000) } });

    const statusOf = async (id: string) => (await db().kbCrawlSource.findUnique({ where: { workspaceId_id: { workspaceId: who.workspaceId, id } } }))!.status;
    expect(await queueDueCrawls()).toBeGreaterThanOrEqual(1);
    expect([await statusOf(due.id), await statusOf(fresh.id), await statusOf(manual.id)]).toEqual(['queued', 'done', 'done']);
    const jobs = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'crawl-site' AND data->>'sourceId' = ${due.id}`;
    expect(Number(jobs[0]!.n)).toBe(2); // the first crawl when added, and the re-sync
    await queueDueCrawls();
    expect(await statusOf(due.id)).toBe('queued');
    const again = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'crawl-site' AND data->>'sourceId' = ${due.id}`;
    expect(Number(again[0]!.n)).toBe(2);
  });
});
