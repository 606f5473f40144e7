import type { BadgeTone } from '@/components/ui/badge';
import type { DocumentOutput } from '@/services/knowledge/schemas';

/** How the knowledge-base pages name a document's status and kind. */
export const DOCUMENT_STATUS_BADGES: Record<DocumentOutput['status'], { tone: BadgeTone; label: string }> = {
  queued: { tone: 'neutral', label: 'Queued' },
  indexing: { tone: 'blue', label: 'Indexing' },
  ready: { tone: 'brand', label: 'Ready' },
  failed: { tone: 'red', label: 'Failed' },
};

export const DOCUMENT_KIND_LABELS: Record<DocumentOutput['kind'], string> = { markdown: 'Markdown', text: 'Text', html: 'HTML', pdf: 'PDF', url: 'Web page', qa: 'Q&A' };
