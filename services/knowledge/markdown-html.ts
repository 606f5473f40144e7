import { parseHTML } from 'linkedom';
import { cleanText } from './sections';

// Raw HTML inside Markdown (a <table>, <details>, <img width=...>, a comment): its text only, as
// lines. Tags, attributes and comments never reach the index; images keep their alt text unless
// they are badges.

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'BUTTON', 'FORM', 'SELECT', 'TEXTAREA']);
const BLOCK = new Set(['P', 'DIV', 'LI', 'DT', 'DD', 'PRE', 'BLOCKQUOTE', 'TR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'SUMMARY', 'DETAILS', 'FIGCAPTION', 'CAPTION', 'SECTION', 'TABLE', 'UL', 'OL', 'BR', 'HR']);

/** Hosts and paths of status badges (shields.io and the like): images that say nothing to a reader. */
const BADGE = /(?:^https?:\/\/(?:img\.shields\.io|shields\.io|badgen\.net|badge\.fury\.io|travis-ci\.(?:org|com)|circleci\.com|codecov\.io|coveralls\.io|app\.codacy\.com|api\.netlify\.com|snyk\.io|readthedocs\.org\/projects\/[^/]+\/badge)\/)|\/badges?\/|badge\.svg(?:[?#]|$)/i;

export const isBadgeUrl = (url: string | null | undefined) => !!url && BADGE.test(url);

type Node = { nodeType: number; textContent: string | null; childNodes: ArrayLike<Node>; tagName?: string; getAttribute?(n: string): string | null };

/** An HTML fragment -> its lines of text (blocks and table rows on lines of their own, cells joined by "; "). */
export function htmlLines(html: string): string[] {
  if (!/[<>&]/.test(html)) return [cleanText(html)].filter(Boolean);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const lines: string[] = [];
  let line = '';
  const breakLine = () => {
    const t = cleanText(line);
    if (t) lines.push(t);
    line = '';
  };
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) line += child.textContent ?? '';
      if (child.nodeType !== 1) continue; // comments and the rest
      const tag = child.tagName!.toUpperCase();
      if (SKIP.has(tag)) continue;
      if (tag === 'IMG') {
        if (!isBadgeUrl(child.getAttribute!('src'))) line += ` ${child.getAttribute!('alt') ?? ''} `;
        continue;
      }
      if (tag === 'TR') {
        breakLine();
        const cells = Array.from(child.childNodes).filter((c) => c.nodeType === 1).map((c) => cleanText(c.textContent ?? ''));
        line = cells.filter(Boolean).join('; ');
        breakLine();
        continue;
      }
      if (tag === 'TD' || tag === 'TH') line += ' ';
      const block = BLOCK.has(tag);
      if (block) breakLine();
      walk(child);
      if (block) breakLine();
    }
  };
  if (document.body) walk(document.body as unknown as Node);
  breakLine();
  return lines;
}
