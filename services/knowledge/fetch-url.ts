import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { AppError } from '@/services/errors/app-error';
import { isFetchAllowed, parseAddressRanges, type AddressRange } from './check-fetch-address';
import { fileKindOf, MAX_DOCUMENT_BYTES, type FileKind } from './schemas';

export interface FetchedPage {
  /** The URL after redirects. */
  url: string;
  kind: FileKind;
  contentType: string;
  bytes: Uint8Array;
}

export interface FetchOptions {
  /** Non-public ranges that may be fetched anyway (intranet deployments, tests); default none. */
  allowedRanges?: readonly string[];
  maxBytes?: number;
  /** Total time for all redirects, headers and body. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Also accept XML (a sitemap for the site crawl), reported as kind text. */
  allowXml?: boolean;
}

const fail = (message: string) => new AppError('bad_request', message);

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup that refuses private addresses: checked on the address actually connected to (no DNS rebinding gap). */
const guardedLookup = (allowed: readonly AddressRange[]) => (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => !isFetchAllowed(a.address, allowed));
    if (bad) return callback(Object.assign(new Error(`${hostname} resolves to a private address (${bad.address})`), { code: 'EPRIVATE' }), '');
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * Fetches a page for a URL document: http(s) only, at most `maxRedirects` redirects (each checked
 * again), a total timeout, a size cap (Content-Length checked first, then counted while reading),
 * and a supported content type (HTML, Markdown, plain text, PDF). Only public addresses are
 * connected to, plus any in `allowedRanges` (check-fetch-address.ts). Throws bad_request AppErrors
 * whose message says what was wrong.
 */
export async function fetchUrl(url: string, opts: FetchOptions = {}): Promise<FetchedPage> {
  const maxBytes = opts.maxBytes ?? MAX_DOCUMENT_BYTES;
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  const allowed = parseAddressRanges(opts.allowedRanges ?? []);
  let current = url;
  for (let hop = 0; hop <= (opts.maxRedirects ?? 5); hop++) {
    const u = new URL(current);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw fail(`Only http and https URLs can be fetched (got ${u.protocol})`);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    // An IP literal is connected to without a lookup, so it is checked here.
    if (net.isIP(host) && !isFetchAllowed(host, allowed)) throw fail(`${u.hostname} is a private address; only public URLs can be fetched`);
    const res = await request(u, { allowed, deadline });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      current = new URL(res.headers.location, u).toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw fail(`The URL answered HTTP ${status}`);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    const xml = opts.allowXml && /^(application|text)\/([a-z.+-]*\+)?xml\b/i.test(contentType);
    const kind = xml ? 'text' : fileKindOf({ contentType, filename: u.pathname });
    if (!kind || (!xml && contentType && !/^(text\/|application\/(pdf|xhtml\+xml))/i.test(contentType))) {
      res.resume();
      throw fail(`Unsupported content type ${contentType || '(none)'}: expected HTML, Markdown, plain text or PDF`);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      throw fail(`The page is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    }
    const bytes = await readBody(res, maxBytes, deadline);
    return { url: current, kind, contentType, bytes };
  }
  throw fail('Too many redirects');
}

function request(u: URL, opts: { allowed: readonly AddressRange[]; deadline: number }): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.get(
      u,
      {
        headers: { 'User-Agent': 'CairnBot/1.0 (+knowledge base indexing)', Accept: 'text/html, text/markdown, text/plain, application/pdf;q=0.9, */*;q=0.1' },
        lookup: guardedLookup(opts.allowed) as unknown as net.LookupFunction,
        timeout: Math.max(1, opts.deadline - Date.now()),
      },
      resolve,
    );
    req.on('timeout', () => req.destroy(fail('The URL did not answer in time')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof AppError) return reject(err);
      if (err.code === 'EPRIVATE') return reject(fail(`${err.message}; only public URLs can be fetched`));
      reject(fail(`The URL could not be fetched: ${err.code ?? err.message}`));
    });
  });
}

function readBody(res: http.IncomingMessage, maxBytes: number, deadline: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => res.destroy(fail('The URL did not send its content in time')), Math.max(1, deadline - Date.now()));
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return res.destroy(fail(`The page is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
      parts.push(chunk);
    });
    res.on('end', () => {
      clearTimeout(timer);
      resolve(new Uint8Array(Buffer.concat(parts)));
    });
    res.on('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof AppError ? err : fail(`The URL could not be read: ${err.message}`));
    });
    res.on('close', () => {
      clearTimeout(timer);
      if (!res.complete) reject(fail('The connection closed before the page was complete'));
    });
  });
}
