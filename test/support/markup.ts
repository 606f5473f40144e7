// What must never survive from Markdown, MDX or HTML source into a passage's text or heading.
const MARKUP: [string, RegExp][] = [
  ['heading marker', /(^|\n)\s*#{1,6}\s/],
  ['emphasis', /\*\*|__|(^|\s)\*\S[^*\n]*\*(\s|$)/],
  ['link or image syntax', /\]\(|!\[|\]\[/],
  ['admonition fence', /:::|!!!|\?\?\?/],
  ['GitHub alert', /\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/i],
  ['tag', /<\/?[A-Za-z][\w.-]*(\s[^>]*)?\/?>/],
  ['comment', /\{\/\*|\*\/\}|<!--|-->/],
  ['front matter', /(^|\n)(---|\+\+\+)(\n|$)|(^|\n)(title|id|tags|description):\s/],
  ['MDX import/export', /(^|\n)(import|export)\s/],
  ['table pipe', /(^|\n)\s*\|/],
];

/** The markup kinds found in `text` (empty when it is clean). */
export function markupIn(text: string): string[] {
  return MARKUP.filter(([, re]) => re.test(text)).map(([name]) => name);
}
