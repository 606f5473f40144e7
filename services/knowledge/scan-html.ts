import { AppError } from '@/services/errors/app-error';

/**
 * Limits checked on HTML before any parser sees it. Parsing and walking a DOM costs roughly the
 * square of its nesting depth (500 nested elements take 1.5 s, 2,000 take 10 s) and recursion on
 * such trees overflows the stack, so a page deeper than any real one (browsers' own parsers stop
 * nesting at 512; hand-written and generated pages stay under 60) or with more elements than a
 * long manual is refused with a reason instead of being parsed.
 */
export const HTML_LIMITS = { maxElements: 50_000, maxDepth: 128 };
export type HtmlLimits = typeof HTML_LIMITS;

const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Content of these is text to every HTML parser; tags inside them are not elements.
const RAW_TEXT = new Set(['script', 'style']);
const RAW_TEXT_END: Record<string, RegExp> = { script: /<\/script/gi, style: /<\/style/gi };
const FOREIGN = new Set(['svg', 'math']);
const P = new Set(['p']);
// An opening tag closes the open element on top when it is one of these (the common implied end
// tags, as htmlparser2 under linkedom applies them), so `<li>a<li>b` is not counted as nesting.
const IMPLIED_CLOSE: Record<string, Set<string>> = {
  li: new Set(['li']),
  dt: new Set(['dt', 'dd']),
  dd: new Set(['dt', 'dd']),
  tr: new Set(['tr', 'td', 'th']),
  td: new Set(['td', 'th']),
  th: new Set(['td', 'th']),
  option: new Set(['option']),
  optgroup: new Set(['option', 'optgroup']),
  thead: new Set(['tbody', 'tfoot']),
  tbody: new Set(['thead', 'tbody', 'tfoot']),
  tfoot: new Set(['thead', 'tbody']),
};
for (const tag of ['p', 'div', 'ul', 'ol', 'dl', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'pre', 'blockquote', 'form', 'hr', 'figure', 'address', 'main', 'details', 'fieldset']) {
  IMPLIED_CLOSE[tag] = new Set([...(IMPLIED_CLOSE[tag] ?? []), ...P]);
}

export interface HtmlShape {
  elements: number;
  maxDepth: number;
  /** True when the scan stopped early because a limit was passed (the counts are then lower bounds). */
  stopped: boolean;
}

/**
 * One linear pass over the markup, no DOM: counts start tags and tracks the depth of open elements
 * (end tags close back to their match; void elements, comments and script/style text are skipped).
 * It errs towards counting more than a parser would build, never fewer; stops once a limit is passed.
 */
export function scanHtml(html: string, limits: HtmlLimits = HTML_LIMITS): HtmlShape {
  const stack: string[] = [];
  const open = new Map<string, number>(); // how many of each tag are on the stack: end tags match in O(1)
  let foreign = 0;
  let elements = 0;
  let maxDepth = 0;
  const push = (tag: string) => {
    stack.push(tag);
    open.set(tag, (open.get(tag) ?? 0) + 1);
    if (FOREIGN.has(tag)) foreign++;
  };
  const pop = () => {
    const tag = stack.pop()!;
    open.set(tag, open.get(tag)! - 1);
    if (FOREIGN.has(tag)) foreign--;
    return tag;
  };
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0 || lt + 1 >= n) break;
    const next = html.charCodeAt(lt + 1);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const end = html.indexOf('>', lt + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const closing = next === 47; /* / */
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!isAsciiLetter(html.charCodeAt(nameStart))) {
      i = lt + 1; // a bare "<" in text
      continue;
    }
    let j = nameStart;
    while (j < n && !isNameEnd(html.charCodeAt(j))) j++;
    const tag = html.slice(nameStart, j).toLowerCase();
    const { end, selfClosing } = tagEnd(html, j);
    i = end;
    if (closing) {
      if (open.get(tag)) while (pop() !== tag);
      continue;
    }
    elements++;
    const implied = IMPLIED_CLOSE[tag];
    while (implied && stack.length > 0 && implied.has(stack[stack.length - 1]!)) pop();
    if (!VOID.has(tag) && !(selfClosing && foreign > 0)) {
      push(tag);
      if (stack.length > maxDepth) maxDepth = stack.length;
    }
    if (elements > limits.maxElements || maxDepth > limits.maxDepth) return { elements, maxDepth, stopped: true };
    if (RAW_TEXT.has(tag) && !selfClosing) {
      const re = RAW_TEXT_END[tag]!;
      re.lastIndex = i;
      i = re.exec(html)?.index ?? n;
    }
  }
  return { elements, maxDepth, stopped: false };
}

/** Refuses HTML over the limits, saying which limit and by how much, as a bad_request AppError. */
export function assertHtmlWithinLimits(html: string, limits: HtmlLimits = HTML_LIMITS): void {
  const shape = scanHtml(html, limits);
  if (shape.maxDepth > limits.maxDepth) {
    throw new AppError('bad_request', `The HTML nests elements more than ${limits.maxDepth} deep; it was not indexed (simplify the page's structure or upload its text)`);
  }
  if (shape.elements > limits.maxElements) {
    throw new AppError('bad_request', `The HTML has more than ${limits.maxElements.toLocaleString('en')} elements; it was not indexed (split it into smaller documents)`);
  }
}

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
// Tag names end at whitespace, "/" or ">".
const isNameEnd = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13 || c === 47 || c === 62;

/**
 * Where a tag ends (just past its ">"). Quotes count only where an attribute value starts (after
 * "="), as in the HTML tokenizer; an unterminated value runs to the end, where parsers drop it too.
 */
function tagEnd(html: string, from: number): { end: number; selfClosing: boolean } {
  let k = from;
  const n = html.length;
  while (k < n) {
    const c = html.charCodeAt(k);
    if (c === 62 /* > */) return { end: k + 1, selfClosing: html.charCodeAt(k - 1) === 47 };
    if (c === 61 /* = */) {
      k++;
      while (k < n && /\s/.test(html[k]!)) k++;
      const q = html.charCodeAt(k);
      if (q === 34 || q === 39) {
        const close = html.indexOf(html[k]!, k + 1);
        if (close < 0) return { end: n, selfClosing: false };
        k = close + 1;
        continue;
      }
      continue;
    }
    k++;
  }
  return { end: n, selfClosing: false };
}
