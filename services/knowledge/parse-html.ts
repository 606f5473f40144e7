import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { SectionBuilder, cleanText, type ParsedDocument } from './sections';

const BLOCKS = new Set(['P', 'LI', 'DT', 'DD', 'PRE', 'BLOCKQUOTE', 'TD', 'TH', 'FIGCAPTION', 'CAPTION']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'BUTTON', 'FORM', 'SELECT', 'TEXTAREA']);

type El = { tagName: string; childNodes: ArrayLike<Node>; textContent: string | null; getAttribute(n: string): string | null };

/**
 * HTML -> sections. The readable part of the page is found with Mozilla Readability (navigation,
 * footers and ads dropped), then walked: h1-h6 open sections; paragraphs, list items, table rows
 * and other blocks become paragraphs. Only text is kept: scripts, styles and attributes never
 * reach the index. Falls back to the whole body when Readability finds no article.
 */
export function parseHtml(source: string): ParsedDocument {
  const { document } = parseHTML(source.includes('<html') ? source : `<!doctype html><html><head></head><body>${source}</body></html>`);
  const pageTitle = cleanText(document.querySelector('title')?.textContent ?? '') || undefined;
  const h1 = cleanText(document.querySelector('h1')?.textContent ?? '') || undefined;
  let root: El | null = null;
  try {
    // Readability mutates the document it reads; give it a copy.
    const { document: copy } = parseHTML(document.toString());
    const article = new Readability(copy as unknown as Document, { charThreshold: 100 }).parse();
    if (article?.content && cleanText(article.textContent ?? '').length >= 100) {
      root = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body as unknown as El;
    }
  } catch {
    root = null;
  }
  root ??= document.body as unknown as El | null;
  const builder = new SectionBuilder();
  // Readability turns the page's h1 into an h2, or drops it when it takes it as the title:
  // either way it is the top heading again.
  const top = h1 && root ? (Array.from((root as unknown as Element).querySelectorAll('h2')).find((h) => cleanText(h.textContent ?? '') === h1) ?? null) : null;
  if (h1 && root && !top && !root.textContent?.includes(h1)) builder.heading(1, h1);
  if (root) walk(root, builder, top as unknown as El | null);
  return { title: h1 ?? pageTitle, sections: builder.done() };
}

function walk(node: El, builder: SectionBuilder, top: El | null) {
  let inline = '';
  const flushInline = () => {
    if (inline.trim()) builder.paragraph(inline);
    inline = '';
  };
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      inline += child.textContent ?? '';
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as unknown as El;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag)) continue;
    const level = /^H([1-6])$/.exec(tag);
    if (level) {
      flushInline();
      builder.heading(el === top ? 1 : Number(level[1]), el.textContent ?? '', el.getAttribute('id') ?? undefined);
    } else if (tag === 'TR') {
      flushInline();
      const cells = Array.from(el.childNodes).filter((c) => c.nodeType === 1).map((c) => cleanText(c.textContent ?? ''));
      builder.paragraph(cells.filter(Boolean).join('; '));
    } else if (BLOCKS.has(tag)) {
      flushInline();
      // A block that contains other blocks (a list item with a nested list) is walked; else its text.
      if (hasBlockChild(el)) walk(el, builder, top);
      else builder.paragraph(textOf(el));
    } else if (tag === 'BR') {
      inline += ' ';
    } else if (isInline(tag)) {
      inline += textOf(el);
    } else {
      flushInline();
      walk(el, builder, top);
    }
  }
  flushInline();
}

const INLINE = new Set(['A', 'ABBR', 'B', 'BDI', 'BDO', 'CITE', 'CODE', 'DATA', 'DFN', 'EM', 'I', 'KBD', 'MARK', 'Q', 'S', 'SAMP', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR', 'LABEL', 'IMG']);
const isInline = (tag: string) => INLINE.has(tag);

function hasBlockChild(el: El): boolean {
  return Array.from(el.childNodes).some((c) => {
    if (c.nodeType !== 1) return false;
    const tag = (c as unknown as El).tagName.toUpperCase();
    return BLOCKS.has(tag) || /^H[1-6]$/.test(tag) || tag === 'UL' || tag === 'OL' || tag === 'TABLE' || tag === 'DIV';
  });
}

/** Text of an element without script/style content; images by their alt text. */
function textOf(el: El): string {
  let out = '';
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === 3) out += child.textContent ?? '';
    else if (child.nodeType === 1) {
      const c = child as unknown as El;
      const tag = c.tagName.toUpperCase();
      if (SKIP.has(tag)) continue;
      if (tag === 'IMG') out += c.getAttribute('alt') ?? '';
      else if (tag === 'BR') out += ' ';
      else out += textOf(c);
    }
  }
  return out;
}
