import { DOMParser, parseHTML } from 'linkedom';
import robotsParser from 'robots-parser';
import { AppError } from '@/services/errors/app-error';
import { fetchUrl, type FetchedPage } from './fetch-url';
import { MAX_DOCUMENT_BYTES } from './schemas';

// The site crawl: from a start page (following links) or a sitemap (its <loc> entries, one level of
// sitemap index), same origin only, breadth first within depth and page limits, skipping what the
// site's robots.txt disallows for our user agent. Every request goes through fetchUrl, the same
// SSRF guard as a URL document (private addresses refused unless allowed, redirects re-checked).

export const CRAWLER_USER_AGENT = 'CairnBot';
export const MAX_CRAWL_PAGES = 500;
export const MAX_CRAWL_DEPTH = 5;
/** What one crawl holds in memory at most (its pages are stored in one transaction): 500 pages of 10 MB would be 5 GB. */
export const MAX_CRAWL_BYTES = 64 * 1024 * 1024;

export interface CrawlOptions {
  maxDepth: number;
  maxPages: number;
  /** Non-public ranges that may be fetched (tests, intranets): the deployment's KB_FETCH_ALLOWED_RANGES. */
  allowedRanges: readonly string[];
  /** Total bytes of the pages kept (default MAX_CRAWL_BYTES); reaching it ends the crawl as truncated. */
  maxTotalBytes?: number;
}

/** A page kept by the crawl, with its <title> when it is HTML. */
export interface CrawledPage extends FetchedPage {
  title?: string;
}

export interface CrawlResult {
  pages: CrawledPage[];
  /** URLs not fetched or not kept, with why (robots.txt, an error, another site after a redirect). */
  skipped: { url: string; reason: string }[];
  /** True when the page limit stopped the crawl with pages left to visit. */
  truncated: boolean;
}

/** The URL as a crawl key: no fragment. */
const normalise = (url: URL) => {
  const u = new URL(url);
  u.hash = '';
  return u.toString();
};

const looksLikeSitemap = (url: URL) => /\.xml$/i.test(url.pathname);

async function readRobots(origin: string, allowedRanges: readonly string[]) {
  const robotsUrl = `${origin}/robots.txt`;
  try {
    const page = await fetchUrl(robotsUrl, { allowedRanges, maxBytes: 512 * 1024, timeoutMs: 10_000 });
    return robotsParser(robotsUrl, new TextDecoder().decode(page.bytes));
  } catch {
    // No robots.txt (404) or an unreadable one: everything is allowed, as crawlers agree.
    return robotsParser(robotsUrl, '');
  }
}

/** The <loc> URLs of a sitemap, and whether it is a sitemap index (its locs are sitemaps). */
function sitemapLocations(xml: string): { index: boolean; locs: string[] } {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const index = doc.querySelector('sitemapindex') !== null;
  const locs = [...doc.querySelectorAll('loc')].map((l) => (l.textContent ?? '').trim()).filter(Boolean);
  return { index, locs };
}

/** An HTML page's title and links, resolved against it (a <base href> included). */
function readHtml(page: FetchedPage): { title: string | undefined; links: string[] } {
  const { document } = parseHTML(new TextDecoder().decode(page.bytes));
  const base = document.querySelector('base[href]')?.getAttribute('href');
  const baseUrl = base ? safeUrl(base, page.url) ?? page.url : page.url;
  const links = [...document.querySelectorAll('a[href]')]
    .filter((a) => !/\bnofollow\b/i.test(a.getAttribute('rel') ?? ''))
    .map((a) => safeUrl(a.getAttribute('href') ?? '', baseUrl))
    .filter((u): u is string => u !== null);
  const title = document.querySelector('title')?.textContent?.trim().replace(/\s+/g, ' ') || undefined;
  return { title, links };
}

function safeUrl(href: string, base: string): string | null {
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export async function crawlSite(start: string, opts: CrawlOptions): Promise<CrawlResult> {
  const startUrl = new URL(start);
  const origin = startUrl.origin;
  const robots = await readRobots(origin, opts.allowedRanges);
  const allowed = (url: string) => robots.isAllowed(url, CRAWLER_USER_AGENT) !== false;
  const sameSite = (url: string) => new URL(url).origin === origin;
  const skipped: CrawlResult['skipped'] = [];
  const pages: CrawledPage[] = [];
  const seen = new Set<string>();
  const queue: { url: string; depth: number }[] = [];
  const push = (url: string, depth: number) => {
    const key = normalise(new URL(url));
    if (seen.has(key) || !sameSite(key)) return;
    seen.add(key);
    queue.push({ url: key, depth });
  };

  if (looksLikeSitemap(startUrl)) {
    // A sitemap lists the pages to index; its pages are not followed further (depth 0 each).
    const sitemaps = [startUrl.toString()];
    for (let level = 0; level < 2 && sitemaps.length; level++) {
      const next: string[] = [];
      for (const url of sitemaps.splice(0)) {
        if (!sameSite(url)) continue;
        const page = await fetchUrl(url, { allowedRanges: opts.allowedRanges, allowXml: true });
        const { index, locs } = sitemapLocations(new TextDecoder().decode(page.bytes));
        if (index) next.push(...locs);
        else locs.forEach((loc) => push(loc, opts.maxDepth));
      }
      sitemaps.push(...next);
    }
    if (seen.size === 0) throw new AppError('bad_request', 'The sitemap lists no page of its own site');
  } else {
    push(startUrl.toString(), 0);
  }

  const budget = opts.maxTotalBytes ?? MAX_CRAWL_BYTES;
  let bytes = 0;
  while (queue.length && pages.length < opts.maxPages && bytes < budget) {
    const { url, depth } = queue.shift()!;
    if (!allowed(url)) {
      skipped.push({ url, reason: 'disallowed by robots.txt' });
      continue;
    }
    let page: CrawledPage;
    try {
      page = await fetchUrl(url, { allowedRanges: opts.allowedRanges, maxBytes: Math.min(MAX_DOCUMENT_BYTES, budget - bytes) });
    } catch (err) {
      // Over what is left of the crawl's budget: the crawl ends here, cut short (nothing is removed).
      if (budget - bytes < MAX_DOCUMENT_BYTES && err instanceof AppError && /larger than/.test(err.message)) {
        queue.unshift({ url, depth });
        break;
      }
      skipped.push({ url, reason: err instanceof AppError ? err.message : 'could not be fetched' });
      continue;
    }
    // A redirect to another site is not this site's page.
    if (!sameSite(page.url)) {
      skipped.push({ url, reason: `redirected to another site (${new URL(page.url).origin})` });
      continue;
    }
    page = { ...page, url: normalise(new URL(page.url)) };
    if (page.url !== url && seen.has(page.url) && pages.some((p) => p.url === page.url)) continue; // a redirect to a page already kept
    seen.add(page.url);
    if (page.kind === 'html') {
      const { title, links } = readHtml(page);
      page.title = title;
      if (depth < opts.maxDepth) links.forEach((link) => push(link, depth + 1));
    }
    pages.push(page);
    bytes += page.bytes.byteLength;
  }
  return { pages, skipped, truncated: queue.length > 0 };
}
