import { describe, expect, it } from 'vitest';
import { citationHeading, citationTrail, formatCitationTrail, TRAIL_SEPARATOR } from '@/services/chat/citation-trail';
import { toCitation } from '@/services/chat/citations';
import { HEADING_SEPARATOR } from '@/services/knowledge/chunk-sections';
import type { IndexedChunk } from '@/services/knowledge/kb-index';
import type { Passage } from '@/services/knowledge/retrieve-passages';
import { buildPrompt } from '@/services/chat/stream-llm-answer';

describe('citation trail', () => {
  it('splits on the separator the chunker joins heading paths with', () => {
    expect(TRAIL_SEPARATOR).toBe(HEADING_SEPARATOR);
  });

  it('shows the title once when the heading path starts with it', () => {
    expect(formatCitationTrail('Help centre', 'Help centre › Shipping')).toBe('Help centre › Shipping');
    expect(citationHeading('Help centre', 'Help centre › Shipping')).toBe('Shipping');
  });

  it('drops consecutive repeated levels, ignoring case and spacing', () => {
    expect(citationTrail('Help centre', 'help  Centre › Help centre › Shipping › Shipping › Express')).toEqual(['Help centre', 'Shipping', 'Express']);
  });

  it('keeps levels that differ, and repeats that are not next to each other', () => {
    expect(formatCitationTrail('Help centre', 'Help › Shipping')).toBe('Help centre › Help › Shipping');
    expect(formatCitationTrail('Guide', 'Setup › Guide')).toBe('Guide › Setup › Guide');
  });

  it('handles an empty heading, empty levels and a blank title', () => {
    expect(formatCitationTrail('Help centre', '')).toBe('Help centre');
    expect(citationHeading('Help centre', '')).toBe('');
    expect(citationTrail('Help centre', 'Shipping ›  › Express')).toEqual(['Help centre', 'Shipping', 'Express']);
    expect(citationHeading('', 'Shipping › Shipping')).toBe('Shipping');
  });

  it('is idempotent: a cleaned citation cleans to itself', () => {
    const heading = citationHeading('FAQ', 'FAQ › FAQ › Returns');
    expect(heading).toBe('Returns');
    expect(citationHeading('FAQ', heading)).toBe(heading);
  });

  it('is applied where citations are made (toCitation)', () => {
    const chunk = { documentId: 'doc-1', idx: 3, documentTitle: 'Help centre', documentKind: 'markdown', sourceUrl: null, heading: 'Help centre › Help centre › Shipping', text: 'Ships in 2 days.', anchor: null } as IndexedChunk;
    const citation = toCitation(1, 'https://api.example', 'ws_1', chunk);
    expect(citation).toMatchObject({ title: 'Help centre', heading: 'Shipping', url: 'https://api.example/kb/ws_1/doc-1#c3' });
  });

  it('names the sources in the LLM prompt the same way', () => {
    const chunk = { documentId: 'doc-1', idx: 0, documentTitle: 'Help centre', heading: 'Help centre › Shipping', text: 'Ships in 2 days.' } as IndexedChunk;
    const [system] = buildPrompt([{ chunk } as Passage], [], 'How fast?');
    expect(system!.content).toContain('[1] Help centre › Shipping\nShips in 2 days.');
  });
});
