// Markdown as docs sites write it is not CommonMark: Docusaurus/VuePress admonitions (`:::tip`),
// MkDocs admonitions (`!!! note` with an indented body), GitHub alerts (`> [!NOTE]`), MDX
// (`import`/`export` lines, `{/* comments */}`, JSX components such as <Tabs>). marked knows none
// of them, so they would reach the index as literal markers. This pass rewrites them, line by
// line and never inside fenced code, into plain Markdown that keeps their text: an admonition
// becomes its body with a lead-in ("Warning: ..."), a component its content, markers vanish.

/** A code fence, at any indent (fences inside list items are indented). */
const FENCE = /^\s*(`{3,}|~{3,})/;
const MAX_MARKER_LINE = 500;
// Written so that no two quantifiers compete for the same characters: every line of a document
// goes through them, and a crafted line must not make them backtrack for seconds.
const COLON_OPEN = /^(:{3,})[ \t]*([A-Za-z][\w-]*)(.*)$/;
const COLON_CLOSE = /^\s*:{3,}\s*$/;
const MKDOCS_OPEN = /^(\s*)(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+(?:"([^"]*)"|'([^']*)'))?[ \t]*$/;
const GITHUB_ALERT = /^([ \t]*(?:>[ \t]?)+)\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(.*)$/i;
const MDX_IMPORT_START = /^import\s+(?:type\s+)?\{[^}]*$/;
const MDX_EXPORT = /^export\s+(?:default\b|const\b|let\b|var\b|function\b|async\b|class\b|\{)/;
/**
 * A line made only of JSX component tags, no text: `<Tabs>`, `</TabItem>`, `<Foo bar={1} />`.
 * The line goes, so the Markdown between such tags is parsed as Markdown (not swallowed into an
 * HTML block as literal text). Lowercase HTML is left to marked and to markdown-html.ts.
 */
const TAG = String.raw`<\/?[A-Z][\w.]*(?:\s(?:[^<>{}]|\{[^{}]*\})*)?\/?>`;
const TAGS_ONLY = new RegExp(String.raw`^\s*(?:${TAG}\s*)+$`);
/** A line that can take a lead-in in front of it: ordinary paragraph text, not another block. */
const PLAIN_LINE = /^\s{0,3}(?![#>|<:!]|[*+-]\s|\d+[.)]\s|`{3}|~{3})\S/;

/** Rewrites docs-site Markdown dialects into plain Markdown (see above). */
export function normalizeMarkdownDialects(source: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  let mkdocsIndent: number | null = null;
  let leadIn: string | null = null;
  let inMdxComment = false;
  let inImport = false;
  const colonStack: number[] = [];
  /** How many JSX components are open, and the indent of the first line of content inside them. */
  let components = 0;
  let contentIndent: number | null = null;

  const emit = (line: string) => {
    if (leadIn !== null && line.trim()) {
      if (PLAIN_LINE.test(line)) line = `${leadInText(leadIn)}${line.trimStart()}`;
      else out.push(leadInText(leadIn).trim(), '');
      leadIn = null;
    }
    out.push(line);
  };
  const flushLeadIn = () => {
    if (leadIn !== null) out.push(leadInText(leadIn).trim(), '');
    leadIn = null;
  };

  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    let line = raw;
    // MkDocs admonition bodies are indented by four spaces: take the indent off, or end the body.
    if (mkdocsIndent !== null) {
      const indent = /^\s*/.exec(line)![0].length;
      if (!line.trim()) line = '';
      else if (indent >= mkdocsIndent) line = line.slice(mkdocsIndent);
      else {
        mkdocsIndent = null;
        flushLeadIn();
        out.push('');
      }
    }
    // Inside components (fenced code included), MDX has no indented code blocks: content indented under its tag is text.
    if (components > 0 && line.trim()) {
      const indent = /^\s*/.exec(line)![0].length;
      contentIndent ??= indent;
      line = line.slice(Math.min(indent, contentIndent));
    }
    if (fence) {
      out.push(line);
      if (new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(line)) fence = null;
      continue;
    }
    const opensFence = FENCE.exec(line);
    if (opensFence) {
      fence = opensFence[1]!;
      emit(line);
      continue;
    }
    // MDX comments, possibly over several lines.
    if (inMdxComment || line.includes('{/*')) {
      const [kept, open] = stripMdxComments(line, inMdxComment);
      inMdxComment = open;
      if (!kept.trim() && line.trim()) continue;
      line = kept;
    }
    if (inImport) {
      if (/\bfrom\s+['"][^'"]+['"];?\s*$/.test(line)) inImport = false;
      continue;
    }
    // A dialect marker is a short line; longer ones are text and skip the patterns below.
    if (line.length > MAX_MARKER_LINE) {
      emit(line);
      continue;
    }
    if (isImportLine(line) || MDX_EXPORT.test(line)) continue;
    if (MDX_IMPORT_START.test(line)) {
      inImport = true;
      continue;
    }
    const colonOpen = COLON_OPEN.exec(line.trim());
    if (colonOpen) {
      colonStack.push(colonOpen[1]!.length);
      flushLeadIn();
      out.push('');
      // The title: `:::tip[Title]`, `:::tip{title="Title"}` or `:::tip Title`.
      const rest = colonOpen[3]!.trim();
      const bracket = /^\[([^\]]*)\]/.exec(rest);
      const attr = /^\{[^}]*\btitle=(?:"([^"]*)"|'([^']*)')/.exec(rest);
      const title = bracket ? bracket[1] : attr ? (attr[1] ?? attr[2]) : rest.startsWith('{') ? '' : rest;
      leadIn = cleanTitle(title ?? '') || label(colonOpen[2]!);
      continue;
    }
    if (COLON_CLOSE.test(line) && colonStack.length > 0) {
      colonStack.pop();
      flushLeadIn();
      out.push('');
      continue;
    }
    const mkdocs = MKDOCS_OPEN.exec(line);
    if (mkdocs) {
      flushLeadIn();
      out.push('');
      mkdocsIndent = mkdocs[1]!.length + 4;
      leadIn = cleanTitle(mkdocs[3] ?? mkdocs[4] ?? '') || label(mkdocs[2]!);
      continue;
    }
    const alert = GITHUB_ALERT.exec(line);
    if (alert) {
      // The label joins the quote's first line: "> Note: text" is one paragraph in Markdown.
      emit(`${alert[1]}${label(alert[2]!)}: ${alert[3]}`);
      continue;
    }
    if (TAGS_ONLY.test(line)) {
      // A tab or a component with a label: the label introduces its content.
      const labelled = /^\s*<[A-Z][\w.]*\s[^>]*\b(?:label|title)=(?:"([^"]*)"|'([^']*)')/.exec(line);
      if (labelled) {
        flushLeadIn();
        leadIn = cleanTitle(labelled[1] ?? labelled[2] ?? '') || null;
      }
      components += (line.match(/<[A-Z]/g) ?? []).length - (line.match(/<\/[A-Z]|\/>/g) ?? []).length;
      if (components < 0) components = 0;
      contentIndent = null;
      out.push('');
      continue;
    }
    emit(line);
  }
  flushLeadIn();
  return out.join('\n');
}

/** `import X from 'module';`, `import { A, B } from "module"`, `import 'module.css'` (string work, no backtracking). */
function isImportLine(line: string): boolean {
  if (!line.startsWith('import ')) return false;
  const s = line.trimEnd().replace(/;$/, '');
  const quote = s.at(-1);
  if (quote !== '"' && quote !== "'") return false;
  const open = s.lastIndexOf(quote, s.length - 2);
  if (open < 0) return false;
  const before = s.slice(0, open).trimEnd();
  if (before === 'import') return true;
  return before.endsWith(' from') && /^import\s[\w*{}\s,$]+$/.test(before.slice(0, -5));
}

/** Removes `{/* ... *\/}` from a line; says whether a comment is still open at its end. */
function stripMdxComments(line: string, open: boolean): [string, boolean] {
  let out = '';
  let rest = line;
  for (;;) {
    if (open) {
      const end = rest.indexOf('*/}');
      if (end < 0) return [out, true];
      rest = rest.slice(end + 3);
      open = false;
    }
    const start = rest.indexOf('{/*');
    if (start < 0) return [out + rest, false];
    out += rest.slice(0, start);
    rest = rest.slice(start + 3);
    open = true;
  }
}

const label = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1).toLowerCase();
const cleanTitle = (title: string) => title.replace(/^["']|["']$/g, '').replace(/[*_`]/g, '').trim();
/** "Tip" -> "Tip: "; a title that already ends in punctuation keeps it. */
const leadInText = (lead: string) => (/[.:!?]$/.test(lead) ? `${lead} ` : `${lead}: `);
