import Markdown, { type Components } from 'react-markdown';

// The API's descriptions are CommonMark (backticks, lists, links). react-markdown builds React
// elements, never HTML strings; skipHtml drops raw HTML in a description instead of rendering it.
const components: Components = {
  p: ({ children }) => <p className="mt-2 text-sm leading-6 text-stone-600 first:mt-0">{children}</p>,
  code: ({ children }) => <code className="rounded bg-stone-100 px-1 py-0.5 font-mono text-xs text-stone-800">{children}</code>,
  a: ({ children, href }) => (
    <a href={href} className="text-brand-700 underline hover:text-brand-900" rel="noreferrer">
      {children}
    </a>
  ),
  ul: ({ children }) => <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-stone-600">{children}</ul>,
  ol: ({ children }) => <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-stone-600">{children}</ol>,
};

/** Markdown text from the OpenAPI document, rendered safely. */
export function MarkdownText({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className} data-testid="markdown">
      <Markdown skipHtml components={components}>
        {text}
      </Markdown>
    </div>
  );
}
