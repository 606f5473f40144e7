import { splitSentences } from './split-sentences';
import type { Section } from './sections';

export interface Chunk {
  /**
   * The section's heading path inside the document joined with " › " (may be empty), without a top
   * heading that repeats the document title; the title itself is the document's (shown before it).
   */
  heading: string;
  text: string;
  sentences: string[];
  anchor?: string;
}

export interface ChunkOptions {
  /** Preferred chunk size in characters; a chunk closes once it reaches it at a paragraph end. */
  target?: number;
  /** Hard ceiling: longer paragraphs are split between sentences (code blocks get three times it). */
  max?: number;
  /**
   * The document's title. Retrieval shows a passage as "title › heading", so a top heading that
   * repeats the title (the usual "# Title" of a Markdown file) is left out of `heading`.
   */
  title?: string;
}

export const HEADING_SEPARATOR = ' › ';

/**
 * Sections -> chunks that respect headings: a chunk never spans two sections, so each passage sits
 * under exactly one heading path (what a citation names). Within a section, whole paragraphs are
 * packed up to `target` characters; a paragraph over `max` is split between sentences (a sentence
 * over `max` between words). A paragraph with line breaks (a code block) is never split below
 * three times `max`.
 */
export function chunkSections(sections: Section[], opts: ChunkOptions = {}): Chunk[] {
  const target = opts.target ?? 700;
  const max = Math.max(opts.max ?? 1200, target);
  const chunks: Chunk[] = [];
  const title = opts.title ? normalize(opts.title) : undefined;
  for (const section of sections) {
    const path = title && section.headings.length > 0 && normalize(section.headings[0]!) === title ? section.headings.slice(1) : section.headings;
    const heading = path.join(HEADING_SEPARATOR);
    // Paragraphs of the chunk being filled, each as its sentences.
    let paragraphs: string[][] = [];
    let size = 0;
    const close = () => {
      const nonEmpty = paragraphs.filter((p) => p.length > 0);
      if (nonEmpty.length === 0) return;
      chunks.push({ heading, text: nonEmpty.map((p) => p.join(' ')).join('\n'), sentences: nonEmpty.flat(), anchor: section.anchor });
      paragraphs = [];
      size = 0;
    };
    for (const paragraph of section.paragraphs) {
      // A code block is one part, whole (split between lines only past three times the ceiling).
      const parts = paragraph.includes('\n')
        ? splitLines(paragraph, 3 * max)
        : splitSentences(paragraph).flatMap((s) => (s.length > max ? splitLong(s, max) : [s]));
      // Paragraphs (and list items) stay whole when they fit: close the chunk before one that would overflow it.
      const length = parts.reduce((n, s) => n + s.length + 1, 0);
      if (size > 0 && size + length > target) close();
      paragraphs.push([]);
      for (const s of parts) {
        if (size > 0 && size + s.length + 1 > Math.max(max, s.length)) {
          close();
          paragraphs.push([]);
        }
        paragraphs[paragraphs.length - 1]!.push(s);
        size += s.length + 1;
      }
      if (size >= target) close();
    }
    close();
  }
  return chunks;
}

const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

function splitLines(block: string, max: number): string[] {
  if (block.length <= max) return [block];
  const out: string[] = [];
  let current = '';
  for (const line of block.split('\n')) {
    if (current && current.length + line.length + 1 > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current.trim()) out.push(current);
  return out.flatMap((part) => (part.length > max ? splitLong(part, max) : [part]));
}

function splitLong(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const cut = rest.lastIndexOf(' ', max);
    const at = cut > max / 2 ? cut : max;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(rest);
  return out;
}
