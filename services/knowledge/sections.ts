// The common shape every parser produces: the document as a list of sections, each under its
// heading path, holding paragraphs of plain text. Chunking (chunk-sections.ts) works on these.

export interface Section {
  /** Heading path from the top, e.g. ["Shipping", "International"]; empty before the first heading. */
  headings: string[];
  /**
   * Plain-text paragraphs (list items and table rows are paragraphs of their own). A paragraph with
   * line breaks is preformatted (a code block): its lines are kept and chunking never splits it.
   */
  paragraphs: string[];
  /** Where a citation points inside the document: a heading slug, or `page=N` for PDFs. */
  anchor?: string;
}

export interface ParsedDocument {
  /** A title found in the document (first heading, <title>, PDF metadata), if any. */
  title?: string;
  sections: Section[];
  /** Scalar keys of the document's front matter other than its title (description, tags, ...). */
  metadata?: Record<string, string>;
}

/** Collapses runs of whitespace (including NBSP) into single spaces and trims. */
export function cleanText(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** A URL fragment for a heading, the way GitHub and most static-site generators make them. */
export function slugify(heading: string): string {
  return heading
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s+/g, '-')
    .slice(0, 80);
}

/**
 * Builds sections as headings and paragraphs arrive in document order: a heading of level n
 * closes the current section and replaces the path from level n down.
 */
export class SectionBuilder {
  private readonly sections: Section[] = [];
  private path: { level: number; text: string }[] = [];
  private current: Section = { headings: [], paragraphs: [] };

  heading(level: number, text: string, anchor?: string) {
    const t = cleanText(text);
    if (!t) return;
    this.flush();
    this.path = [...this.path.filter((h) => h.level < level), { level, text: t }];
    this.current = { headings: this.path.map((h) => h.text), paragraphs: [], anchor: anchor ?? slugify(t) };
  }

  paragraph(text: string) {
    const t = cleanText(text);
    if (t) this.current.paragraphs.push(t);
  }

  /** A preformatted block (code): its lines kept, trailing spaces and blank edges dropped. */
  block(text: string) {
    const t = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
    if (t.trim()) this.current.paragraphs.push(t.includes('\n') ? t : cleanText(t));
  }

  /** Starts a section with its own anchor and no new heading (a PDF page). */
  anchor(anchor: string) {
    this.flush();
    this.current = { headings: this.path.map((h) => h.text), paragraphs: [], anchor };
  }

  private flush() {
    if (this.current.paragraphs.length > 0) this.sections.push(this.current);
  }

  done(): Section[] {
    this.flush();
    this.current = { headings: [], paragraphs: [] };
    return this.sections;
  }
}
