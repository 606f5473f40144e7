import { db } from '@/services/db/client';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The read-only page citations of uploaded documents link to: the document's extracted text, a
 * section per passage (`#c<idx>`), every character escaped. Null when the workspace has no such
 * document, or it is private (used for answers, never served): both answer the same 404.
 */
export async function renderDocumentPage(workspaceId: string, documentId: string): Promise<string | null> {
  const doc = await db().kbDocument.findUnique({
    where: { workspaceId_id: { workspaceId, id: documentId } },
    select: { visibility: true, title: true, sourceUrl: true, kind: true, indexedAt: true, chunks: { orderBy: { idx: 'asc' }, select: { idx: true, heading: true, text: true } } },
  });
  if (!doc || doc.visibility !== 'public') return null;
  let lastHeading = '';
  const sections = doc.chunks
    .map((c) => {
      const heading = c.heading !== lastHeading && c.heading ? `<h2>${escapeHtml(c.heading)}</h2>` : '';
      lastHeading = c.heading;
      const paragraphs = c.text.split('\n').map((p) => `<p>${escapeHtml(p)}</p>`).join('');
      return `<section id="c${c.idx}">${heading}${paragraphs}</section>`;
    })
    .join('\n');
  const source = doc.sourceUrl && /^https?:\/\//.test(doc.sourceUrl) ? `<p class="src">Source: <a href="${escapeHtml(doc.sourceUrl)}" rel="noopener noreferrer">${escapeHtml(doc.sourceUrl)}</a></p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1c1917}h1{font-size:1.6rem}h2{font-size:1.1rem;margin-top:2rem}section:target{background:#fef9c3;outline:.5rem solid #fef9c3}.src{color:#57534e;font-size:.9rem}</style>
</head><body><h1>${escapeHtml(doc.title)}</h1>${source}
${sections || '<p>This document is being indexed.</p>'}
</body></html>`;
}
