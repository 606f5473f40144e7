import { SectionBuilder, cleanText, type ParsedDocument } from './sections';

interface Line {
  text: string;
  size: number;
  y: number;
}

interface TextItemLike {
  str: string;
  hasEOL: boolean;
  height: number;
  transform: number[];
}

/**
 * PDF -> sections with pdfjs-dist (legacy build, for Node). Text items are grouped into lines by
 * position; a short line set clearly larger than the body text (1.2x the median size) is a heading
 * (the largest size level 1, and so on); lines separated by more than ~1.6 line heights start a
 * new paragraph. Each page starts a section anchored `page=N`, so citations can point at it.
 */
export async function parsePdf(data: Uint8Array): Promise<ParsedDocument & { pages: number }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({
    data: new Uint8Array(data), // pdfjs takes ownership of (detaches) the buffer it gets
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: Line[][] = [];
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const content = await page.getTextContent();
      pages.push(toLines(content.items.filter((i): i is TextItemLike & typeof i => 'str' in i)));
      page.cleanup();
    }
    const metadata = await pdf.getMetadata().catch(() => null);
    const metaTitle = cleanText(String((metadata?.info as { Title?: unknown } | undefined)?.Title ?? '')) || undefined;

    // Body size: the median size over all characters.
    const sizes: number[] = [];
    for (const line of pages.flat()) for (let i = 0; i < Math.min(line.text.length, 200); i++) sizes.push(line.size);
    sizes.sort((a, b) => a - b);
    const body = sizes[Math.floor(sizes.length / 2)] ?? 10;
    const headingSizes = [...new Set(pages.flat().filter((l) => isHeading(l, body)).map((l) => Math.round(l.size)))].sort((a, b) => b - a);

    const builder = new SectionBuilder();
    let title: string | undefined;
    pages.forEach((lines, index) => {
      builder.anchor(`page=${index + 1}`);
      let paragraph = '';
      let last: Line | undefined;
      const flush = () => {
        if (paragraph.trim()) builder.paragraph(paragraph);
        paragraph = '';
      };
      for (const line of lines) {
        if (isHeading(line, body)) {
          flush();
          const level = Math.min(headingSizes.indexOf(Math.round(line.size)) + 1, 6) || 1;
          if (level === 1 && title === undefined) title = cleanText(line.text);
          builder.heading(level, line.text, `page=${index + 1}`);
          last = undefined;
          continue;
        }
        if (last && Math.abs(last.y - line.y) > 1.6 * Math.max(line.size, last.size)) flush();
        // A word broken by a hyphen at the end of a line is joined again.
        paragraph = paragraph.endsWith('-') && /^[a-z]/.test(line.text) ? paragraph.slice(0, -1) + line.text : paragraph + (paragraph ? ' ' : '') + line.text;
        last = line;
      }
      flush();
    });
    return { title: metaTitle ?? title, sections: builder.done(), pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

const isHeading = (line: Line, body: number) => line.size >= body * 1.2 && line.text.length <= 120 && /\p{L}/u.test(line.text);

/** Text items in reading order -> lines (a new line on hasEOL or when the baseline moves). */
function toLines(items: TextItemLike[]): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    const size = item.height || Math.abs(item.transform[3] ?? 0);
    if (item.str) {
      if (current && Math.abs(current.y - y) > Math.max(2, 0.5 * Math.max(size, current.size))) {
        lines.push(current);
        current = undefined;
      }
      if (!current) current = { text: item.str, size, y };
      else {
        current.text += item.str;
        current.size = Math.max(current.size, size);
      }
    }
    if (item.hasEOL && current) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => ({ ...l, text: cleanText(l.text) })).filter((l) => l.text);
}
