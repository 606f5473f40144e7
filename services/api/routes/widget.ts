// GET /widget.js - the chat widget script (public; cached, ETag, gzip when accepted); GET /kb/:workspaceId/:documentId - a cited document's text (public)
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiApp } from '../server';
import { widgetBundle } from '@/services/widget/bundle-widget';
import { renderDocumentPage } from '@/services/knowledge/render-document-page';
import { idString } from '@/services/validation';

// Unversioned URL pasted into tenants' pages: kept a day, then revalidated by ETag (as /tracker.js).
const CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=604800';

async function sendWidget(req: FastifyRequest, reply: FastifyReply) {
  const bundle = await widgetBundle();
  reply
    .header('Cache-Control', CACHE_CONTROL)
    .header('ETag', bundle.etag)
    .header('Vary', 'Accept-Encoding')
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

export function widgetRoutes(app: ApiApp) {
  app.get('/widget.js', { config: { public: true }, schema: { hide: true } }, sendWidget);

  // Citations of uploaded documents link here. Public like the answers that cite it (anyone who can
  // chat can read what the bot quotes); document ids are random (95 bits), so documents are not
  // enumerable. The text is escaped and the page may run no script (CSP).
  app.get(
    '/kb/:workspaceId/:documentId',
    { config: { public: true }, schema: { hide: true, params: z.object({ workspaceId: idString(100), documentId: idString(100) }) } },
    async (req, reply) => {
      const page = await renderDocumentPage(req.params.workspaceId, req.params.documentId);
      return reply
        .code(page ? 200 : 404)
        .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        .header('X-Content-Type-Options', 'nosniff')
        .header('Referrer-Policy', 'no-referrer')
        .header('Cache-Control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(page ?? '<!doctype html><meta charset="utf-8"><title>Not found</title><p>This document does not exist (any more).</p>');
    },
  );
}
