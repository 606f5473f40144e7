import { splitSentences } from './split-sentences';
import type { Section } from './sections';

export interface Chunk {
  /** The section's heading path joined with " › " (may be empty). */
  heading: string;
  text: string;
  sentences: string[];
  anchor?: string;
}

export interface ChunkOptions {
  /** Preferred chunk size in characters; a chunk closes once it reaches it at a paragraph end. */
  target?: number;
  /** Hard ceiling: longer paragraphs are split between sentences. */
  max?: number;
}

export const HEADING_SEPARATOR = ' › ';

/**
 * Sections -> chunks that respect headings: a chunk never spans two sections, so each passage sits
 * under exactly one heading path (what a citation names). Within a section, whole paragraphs are
 * packed up to `target` characters; a paragraph over `max` is split between sentences (a sentence
 * over `max` between words).
 */
export function chunkSections(sections: Section[], opts: ChunkOptions = {}): Chunk[] {
  const target = opts.target ?? 700;
  const max = Math.max(opts.max ?? 1200, target);
  const chunks: Chunk[] = [];
  for (const section of sections) {
    const heading = section.headings.join(HEADING_SEPARATOR);
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
      const parts = splitSentences(paragraph).flatMap((s) => (s.length > max ? splitLong(s, max) : [s]));
      // Paragraphs (and list items) stay whole when they fit: close the chunk before one that would overflow it.
      const length = parts.reduce((n, s) => n + s.length + 1, 0);
      if (size > 0 && size + length > target) close();
      paragraphs.push([]);
      for (const s of parts) {
        if (size > 0 && size + s.length + 1 > max) {
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
