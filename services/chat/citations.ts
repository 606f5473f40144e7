import type { IndexedChunk } from '@/services/knowledge/kb-index';
import { citationHeading } from './citation-trail';

export interface Citation {
  /** The marker used in the answer text: [1], [2], ... */
  n: number;
  documentId: string;
  title: string;
  heading: string;
  /** Null for a private document: cited by title only. */
  url: string | null;
  snippet: string;
}

/**
 * Where a citation links: the document's own page when it has one (with a text fragment that
 * scrolls to the passage for fetched pages, the heading anchor or PDF page otherwise), else the
 * api's read-only view of the extracted text, at the passage. None for a private document.
 */
export function citationUrl(apiBaseUrl: string, workspaceId: string, chunk: IndexedChunk, quote?: string): string | null {
  if (chunk.documentPrivate) return null;
  if (chunk.sourceUrl) {
    const base = chunk.sourceUrl.split('#')[0]!;
    if (chunk.documentKind === 'url' && quote) {
      const words = quote.split(/\s+/).slice(0, 8).join(' ').replace(/[,.;:!?]+$/, '');
      return `${base}#:~:text=${encodeURIComponent(words).replace(/-/g, '%2D')}`;
    }
    return chunk.anchor ? `${base}#${chunk.anchor}` : chunk.sourceUrl;
  }
  return `${apiBaseUrl}/kb/${encodeURIComponent(workspaceId)}/${encodeURIComponent(chunk.documentId)}#c${chunk.idx}`;
}

export function toCitation(n: number, apiBaseUrl: string, workspaceId: string, chunk: IndexedChunk, quote?: string): Citation {
  return {
    n,
    documentId: chunk.documentId,
    title: chunk.documentTitle,
    // Each level once: a heading path that starts with the title does not repeat it.
    heading: citationHeading(chunk.documentTitle, chunk.heading),
    url: citationUrl(apiBaseUrl, workspaceId, chunk, quote),
    snippet: chunk.text.length > 240 ? `${chunk.text.slice(0, 237).trimEnd()}...` : chunk.text,
  };
}
