import type { FastifyReply, FastifyRequest } from 'fastify';
import { scriptBundle, type BrowserScript } from '@/services/browser-scripts/bundle-script';

// The URLs are unversioned (tenants paste them into their pages), so browsers and CDNs keep a
// script a day and then revalidate with the ETag (a 304 costs a few bytes); a fix reaches every
// page within a day.
const CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=604800';

/** Answers a browser script: cached, ETag / 304, gzip when accepted, loadable from any page. */
export async function sendScript(name: BrowserScript, req: FastifyRequest, reply: FastifyReply) {
  const bundle = await scriptBundle(name);
  reply
    .header('Cache-Control', CACHE_CONTROL)
    .header('ETag', bundle.etag)
    .header('Vary', 'Accept-Encoding')
    // Loadable from any page, also pages that set Cross-Origin-Embedder-Policy.
    .header('Cross-Origin-Resource-Policy', 'cross-origin')
    .header('X-Content-Type-Options', 'nosniff');
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((t) => t === bundle.etag || t === `W/${bundle.etag}` || t === '*')) {
    return reply.code(304).send();
  }
  reply.type('application/javascript; charset=utf-8');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('Content-Encoding', 'gzip').send(bundle.gzip);
  return reply.send(bundle.code);
}
