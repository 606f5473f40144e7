// Descriptions from the OpenAPI document render as Markdown, and raw HTML or script URLs in them
// never reach the page as markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, it, expect } from 'vitest';
import { MarkdownText } from '@/app/dashboard/[workspaceId]/api-reference/markdown';

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownText, { text }));

describe('MarkdownText', () => {
  it('renders inline code, paragraphs and lists instead of literal Markdown', () => {
    const html = render('Send `Authorization: Bearer <key>`.\n\n- one\n- two');
    expect(html).toContain('<code class="rounded bg-stone-100 px-1 py-0.5 font-mono text-xs text-stone-800">Authorization: Bearer &lt;key&gt;</code>');
    expect(html).not.toContain('`');
    expect(html.match(/<li>/g)).toHaveLength(2);
    expect(html.match(/<p /g)).toHaveLength(1);
  });

  it('drops raw HTML and script URLs', () => {
    const html = render('Hi <script>alert(1)</script><img src=x onerror="alert(2)"> [click](javascript:alert(3))');
    expect(html).not.toMatch(/<script|<img|onerror|javascript:/i);
    expect(html).toContain('>click</a>');
  });
});
