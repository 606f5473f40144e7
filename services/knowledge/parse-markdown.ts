import { marked, type Token, type Tokens } from 'marked';
import { parseHTML } from 'linkedom';
import { SectionBuilder, cleanText, type ParsedDocument } from './sections';

/** Text of inline tokens: link and emphasis text kept, images by their alt text, HTML as its text. */
function inlineText(tokens: Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback;
  let out = '';
  for (const t of tokens) {
    if (t.type === 'html') out += htmlText((t as Tokens.HTML).text);
    else if (t.type === 'image') out += (t as Tokens.Image).text;
    else if (t.type === 'br') out += ' ';
    else if ('tokens' in t && Array.isArray(t.tokens)) out += inlineText(t.tokens as Token[]);
    else if ('text' in t && typeof t.text === 'string') out += t.text;
  }
  return out;
}

/** Raw HTML inside Markdown: its text only (tags and attributes dropped). */
function htmlText(html: string): string {
  if (!/[<>]/.test(html)) return html;
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.body?.textContent ?? '';
}

/**
 * Markdown -> sections, through marked's lexer: every heading opens a section; paragraphs, list
 * items, table rows, block quotes and code blocks become plain-text paragraphs. The first level-1
 * heading is also the title.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const builder = new SectionBuilder();
  let title: string | undefined;
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      switch (token.type) {
        case 'heading': {
          const h = token as Tokens.Heading;
          const text = cleanText(inlineText(h.tokens, h.text));
          if (h.depth === 1 && title === undefined) title = text;
          builder.heading(h.depth, text);
          break;
        }
        case 'paragraph':
        case 'text':
          builder.paragraph(inlineText((token as Tokens.Paragraph).tokens, (token as Tokens.Paragraph).text));
          break;
        case 'list':
          for (const item of (token as Tokens.List).items) {
            // A list item: its own text, nested lists as further paragraphs.
            const nested = item.tokens.filter((t) => t.type === 'list');
            const own = item.tokens.filter((t) => t.type !== 'list');
            builder.paragraph(own.map((t) => inlineText('tokens' in t ? (t.tokens as Token[]) : undefined, 'text' in t ? String(t.text) : '')).join(' '));
            walk(nested);
          }
          break;
        case 'table': {
          const table = token as Tokens.Table;
          const header = table.header.map((c) => cleanText(inlineText(c.tokens, c.text)));
          for (const row of table.rows) {
            // "Column: value" pairs keep each row meaningful on its own.
            builder.paragraph(row.map((c, i) => (header[i] ? `${header[i]}: ${inlineText(c.tokens, c.text)}` : inlineText(c.tokens, c.text))).join('; '));
          }
          break;
        }
        case 'blockquote':
          walk((token as Tokens.Blockquote).tokens);
          break;
        case 'code':
          builder.paragraph((token as Tokens.Code).text);
          break;
        case 'html':
          builder.paragraph(htmlText((token as Tokens.HTML).text));
          break;
        default:
          break; // space, hr, def
      }
    }
  };
  walk(marked.lexer(source));
  return { title, sections: builder.done() };
}
