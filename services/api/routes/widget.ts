// GET /widget.js - the chat widget script (public; cached, ETag, gzip when accepted); GET /kb/:workspaceId/:documentId - a cited document's text (public)
import { z } from 'zod';
import type { ApiApp } from '../api-app';
import { sendScript } from '../send-script';
import { renderDocumentPage } from '@/services/knowledge/render-document-page';
import { idString } from '@/services/validation';

export function widgetRoutes(app: ApiApp) {
  app.get('/widget.js', { config: { public: true }, schema: { hide: true } }, (req, reply) => sendScript('widget', req, reply));

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
