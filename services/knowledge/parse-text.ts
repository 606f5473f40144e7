import { SectionBuilder, type ParsedDocument } from './sections';

/**
 * Plain text -> sections: paragraphs are separated by blank lines; a short line followed by a
 * line of === or --- (setext style), or a short line ending with a colon alone in its paragraph,
 * is taken as a heading.
 */
export function parseText(source: string): ParsedDocument {
  const builder = new SectionBuilder();
  const blocks = source.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const block of blocks) {
    const lines = block.split('\n').map((l) => l.trimEnd());
    const setext = lines.length >= 2 && /^(=+|-+)$/.test(lines[1]!.trim()) && lines[0]!.trim().length <= 120;
    if (setext) {
      builder.heading(lines[1]!.trim().startsWith('=') ? 1 : 2, lines[0]!);
      const rest = lines.slice(2).join('\n');
      if (rest.trim()) paragraphs(rest).forEach((p) => builder.paragraph(p));
      continue;
    }
    if (lines.length === 1 && /^[^.!?]{1,80}:$/.test(lines[0]!.trim())) {
      builder.heading(2, lines[0]!.trim().slice(0, -1));
      continue;
    }
    paragraphs(block).forEach((p) => builder.paragraph(p));
  }
  return { sections: builder.done() };
}

/** A block's paragraphs: bullet or numbered lines are paragraphs of their own; other lines join. */
function paragraphs(block: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of block.split('\n')) {
    const bullet = /^\s*([-*•]|\d+[.)])\s+/.test(line);
    if (bullet && current) {
      out.push(current);
      current = '';
    }
    current += (current ? ' ' : '') + line.replace(/^\s*([-*•])\s+/, '');
  }
  if (current.trim()) out.push(current);
  return out;
}
