import { marked, type Token, type Tokens } from 'marked';
import { splitFrontMatter } from './front-matter';
import { htmlLines, isBadgeUrl } from './markdown-html';
import { normalizeMarkdownDialects } from './markdown-dialects';
import { SectionBuilder, cleanText, type ParsedDocument } from './sections';

const CUSTOM_HEADING_ID = /\s*\{#([\w-]+)\}\s*$/;

/** Text of inline tokens: link and emphasis text kept, images by their alt text (badges dropped), HTML as its text. */
function inlineText(tokens: Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback;
  let out = '';
  for (const t of tokens) {
    if (t.type === 'html') out += htmlLines((t as Tokens.HTML).text).join(' ');
    else if (t.type === 'image') out += isBadgeUrl((t as Tokens.Image).href) ? '' : (t as Tokens.Image).text;
    else if (t.type === 'br') out += ' ';
    else if (t.type === 'checkbox') continue;
    else if (t.type === 'link' && isBadgeLink(t as Tokens.Link)) continue;
    else if ('tokens' in t && Array.isArray(t.tokens)) out += inlineText(t.tokens as Token[]);
    else if ('text' in t && typeof t.text === 'string') out += t.text;
  }
  return out;
}

/** A link around nothing but badge images (build status, npm version): decoration, not content. */
const isBadgeLink = (link: Tokens.Link) =>
  link.tokens.length > 0 && link.tokens.every((t) => (t.type === 'image' && isBadgeUrl((t as Tokens.Image).href)) || (t.type === 'text' && !t.text.trim()));

/**
 * Markdown -> sections, through marked's lexer: every heading opens a section; paragraphs, list
 * items, table rows, block quotes and code blocks become paragraphs. Front matter is taken off
 * first (its title and keys become the title and metadata, never text), and docs-site dialects
 * (admonitions, MDX) are rewritten into plain Markdown (markdown-dialects.ts). The title is the
 * front matter's, else the first level-1 heading.
 *
 * Structure kept in the text: a numbered list item starts with its number ("2. Click Save"), every
 * list item and table row is a paragraph of its own (a line of the chunk), a table row reads
 * "Header: value; Header: value", a code block keeps its lines and is never split (chunk-sections.ts).
 */
export function parseMarkdown(source: string): ParsedDocument {
  const front = splitFrontMatter(source);
  const builder = new SectionBuilder();
  let title = front.title;
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      switch (token.type) {
        case 'heading': {
          const h = token as Tokens.Heading;
          // A custom heading id ("## Before you start {#before}", Docusaurus, Pandoc, kramdown) is the anchor, not text.
          const raw = cleanText(inlineText(h.tokens, h.text));
          const customId = CUSTOM_HEADING_ID.exec(raw)?.[1];
          const text = raw.replace(CUSTOM_HEADING_ID, '');
          if (h.depth === 1 && title === undefined) title = text;
          builder.heading(h.depth, text, customId);
          break;
        }
        case 'paragraph':
        case 'text':
          builder.paragraph(inlineText((token as Tokens.Paragraph).tokens, (token as Tokens.Paragraph).text));
          break;
        case 'list': {
          const list = token as Tokens.List;
          const start = typeof list.start === 'number' ? list.start : 1;
          list.items.forEach((item, i) => {
            // A list item: its text in order, the first paragraph numbered in an ordered list;
            // nested lists, code and tables where they stand.
            let numbered = !list.ordered;
            for (const t of item.tokens) {
              if (t.type !== 'paragraph' && t.type !== 'text') {
                walk([t]);
                continue;
              }
              const text = cleanText(inlineText((t as Tokens.Text).tokens, (t as Tokens.Text).text));
              if (!text) continue;
              builder.paragraph(numbered ? text : `${start + i}. ${text}`);
              numbered = true;
            }
          });
          break;
        }
        case 'table': {
          const table = token as Tokens.Table;
          const header = table.header.map((c) => cleanText(inlineText(c.tokens, c.text)));
          for (const row of table.rows) {
            // "Column: value" pairs keep each row meaningful on its own.
            const cells = row.map((c) => cleanText(inlineText(c.tokens, c.text)));
            builder.paragraph(cells.map((c, i) => (header[i] && c ? `${header[i]}: ${c}` : c)).filter(Boolean).join('; '));
          }
          break;
        }
        case 'blockquote':
          walk((token as Tokens.Blockquote).tokens);
          break;
        case 'code':
          builder.block((token as Tokens.Code).text);
          break;
        case 'html':
          for (const line of htmlLines((token as Tokens.HTML).text)) builder.paragraph(line);
          break;
        default:
          break; // space, hr, def
      }
    }
  };
  walk(marked.lexer(normalizeMarkdownDialects(front.body)));
  const metadata = Object.keys(front.metadata).length > 0 ? front.metadata : undefined;
  return { title, sections: builder.done(), ...(metadata ? { metadata } : {}) };
}
