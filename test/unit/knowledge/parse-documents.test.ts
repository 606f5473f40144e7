import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '@/services/knowledge/parse-markdown';
import { parseHtml } from '@/services/knowledge/parse-html';
import { parseText } from '@/services/knowledge/parse-text';
import { parseFile, parseQaPairs } from '@/services/knowledge/parse-document';
import { chunkSections } from '@/services/knowledge/chunk-sections';
import { splitSentences } from '@/services/knowledge/split-sentences';
import { fileKindOf } from '@/services/knowledge/schemas';
import { makePdf } from '@/test/support/pdf';

describe('parseMarkdown', () => {
  it('opens a section per heading with its path, and turns lists, tables and code into paragraphs', () => {
    const doc = parseMarkdown(`# Help centre

Intro with **bold** and a [link](https://example.com).

## Shipping

We ship to *all* EU countries.

- Standard: 3 to 5 days
- Express: next day
  - only before 2 pm

### International

| Country | Days |
|---|---|
| Canada | 7 |

## Returns

\`\`\`
return-code: R42
\`\`\`

> Returns are free.

Some <b>inline html</b> here.
`);
    expect(doc.title).toBe('Help centre');
    expect(doc.sections.map((s) => s.headings)).toEqual([
      ['Help centre'],
      ['Help centre', 'Shipping'],
      ['Help centre', 'Shipping', 'International'],
      ['Help centre', 'Returns'],
    ]);
    expect(doc.sections[0]!.paragraphs).toEqual(['Intro with bold and a link.']);
    expect(doc.sections[1]!.paragraphs).toEqual(['We ship to all EU countries.', 'Standard: 3 to 5 days', 'Express: next day', 'only before 2 pm']);
    expect(doc.sections[1]!.anchor).toBe('shipping');
    expect(doc.sections[2]!.paragraphs).toEqual(['Country: Canada; Days: 7']);
    expect(doc.sections[3]!.paragraphs).toEqual(['return-code: R42', 'Returns are free.', 'Some inline html here.']);
  });
});

describe('parseHtml', () => {
  it('keeps the readable article with its headings and drops scripts, navigation and attributes', () => {
    const filler = 'This paragraph is long enough for Readability to take this as the main content of the page. '.repeat(3);
    const doc = parseHtml(`<!doctype html><html><head><title>FAQ | Shop</title><script>var tracking = 1;</script></head>
<body><nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<main><article><h1>Frequently asked questions</h1>
<h2 id="ship">Shipping</h2><p>We ship within <strong>two days</strong>. ${filler}</p>
<ul><li>Free over 50 euros</li><li>Tracked parcels</li></ul>
<h2>Returns</h2><p>Return within 30 days.<script>alert(1)</script><img src=x onerror="alert(2)" alt=""></p>
<table><tr><th>Size</th><th>Chest</th></tr><tr><td>M</td><td>96 cm</td></tr></table>
</article></main><footer>Copyright 2024 Shop Ltd</footer></body></html>`);
    expect(doc.title).toBe('Frequently asked questions');
    const text = JSON.stringify(doc.sections);
    expect(text).not.toMatch(/alert|tracking|onerror|Copyright|About us/);
    const shipping = doc.sections.find((s) => s.headings.at(-1) === 'Shipping')!;
    expect(shipping.anchor).toBe('ship');
    expect(shipping.paragraphs[0]).toMatch(/^We ship within two days\./);
    expect(shipping.paragraphs.slice(1)).toEqual(['Free over 50 euros', 'Tracked parcels']);
    const returns = doc.sections.find((s) => s.headings.at(-1) === 'Returns')!;
    expect(returns.paragraphs).toEqual(['Return within 30 days.', 'Size; Chest', 'M; 96 cm']);
  });

  it('falls back to the body text of a page too short for Readability', () => {
    const doc = parseHtml('<p>Opening hours: 9 to 5.</p>');
    expect(doc.sections).toEqual([{ headings: [], paragraphs: ['Opening hours: 9 to 5.'] }]);
  });
});

describe('parseText', () => {
  it('splits paragraphs on blank lines, bullets into their own paragraphs, and finds setext headings', () => {
    const doc = parseText('Store guide\n===========\n\nWe open at 9.\nWe close at 5.\n\nPayment:\n\n- cards\n- PayPal\n');
    expect(doc.sections).toEqual([
      { headings: ['Store guide'], paragraphs: ['We open at 9. We close at 5.'], anchor: 'store-guide' },
      { headings: ['Store guide', 'Payment'], paragraphs: ['cards', 'PayPal'], anchor: 'payment' },
    ]);
  });
});

describe('parseFile (pdf)', () => {
  it('reads text page by page, finds headings by font size and anchors sections to pages', async () => {
    const pdf = await makePdf(
      [
        [{ heading: 'Warranty' }, { line: 'Every tent has a two-year warranty.' }, { line: 'Keep your receipt.' }, { gap: true }, { gap: true }, { line: 'Claims go through our support team.' }],
        [{ heading: 'Care' }, { line: 'Dry the tent before storing it.' }],
      ],
      'Tent manual',
    );
    const doc = await parseFile('pdf', pdf);
    expect(doc.title).toBe('Tent manual');
    expect(doc.sections).toEqual([
      { headings: ['Warranty'], paragraphs: ['Every tent has a two-year warranty. Keep your receipt.', 'Claims go through our support team.'], anchor: 'page=1' },
      { headings: ['Care'], paragraphs: ['Dry the tent before storing it.'], anchor: 'page=2' },
    ]);
  });

  it('refuses bytes that are not a PDF with a clear error', async () => {
    await expect(parseFile('pdf', new TextEncoder().encode('hello'))).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/not a PDF/) });
    await expect(parseFile('pdf', new TextEncoder().encode('%PDF-1.7 broken'))).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/could not be read/) });
  });
});

describe('chunkSections', () => {
  it('never spans two sections, packs paragraphs up to the target and splits long ones between sentences', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} talks about tents.`).join(' ');
    const chunks = chunkSections(
      [
        { headings: ['A'], paragraphs: ['One.', 'Two.'], anchor: 'a' },
        { headings: ['A', 'B'], paragraphs: [long], anchor: 'b' },
      ],
      { target: 300, max: 400 },
    );
    expect(chunks[0]).toEqual({ heading: 'A', text: 'One.\nTwo.', sentences: ['One.', 'Two.'], anchor: 'a' });
    const rest = chunks.slice(1);
    expect(rest.length).toBeGreaterThan(2);
    for (const c of rest) {
      expect(c.heading).toBe('A › B');
      expect(c.text.length).toBeLessThanOrEqual(400);
      expect(c.sentences.every((s) => /^Sentence number \d+ talks about tents\.$/.test(s))).toBe(true);
    }
    expect(rest.flatMap((c) => c.sentences)).toHaveLength(30);
  });

  it('makes one chunk per Q&A pair, the question as its heading', () => {
    const chunks = chunkSections(parseQaPairs([{ question: 'Do you ship to Canada?', answer: 'Yes, in 7 days.' }, { question: 'Gift wrap?', answer: 'Yes, for 3 euros.' }]).sections);
    expect(chunks.map((c) => [c.heading, c.text, c.anchor])).toEqual([
      ['Do you ship to Canada?', 'Yes, in 7 days.', 'qa-1'],
      ['Gift wrap?', 'Yes, for 3 euros.', 'qa-2'],
    ]);
  });
});

describe('splitSentences and fileKindOf', () => {
  it('splits on sentence ends but not on abbreviations or decimals', () => {
    expect(splitSentences('Prices start at 3.50 euros. Delivery takes 2 days, e.g. to Paris. Questions? Mail us!')).toEqual([
      'Prices start at 3.50 euros.',
      'Delivery takes 2 days, e.g. to Paris.',
      'Questions?',
      'Mail us!',
    ]);
  });

  it('picks the parser from the content type, else the file name', () => {
    expect(fileKindOf({ contentType: 'application/pdf' })).toBe('pdf');
    expect(fileKindOf({ contentType: 'text/html; charset=utf-8' })).toBe('html');
    expect(fileKindOf({ filename: 'faq.md', contentType: 'application/octet-stream' })).toBe('markdown');
    expect(fileKindOf({ filename: 'notes.TXT' })).toBe('text');
    expect(fileKindOf({ filename: 'image.png', contentType: 'image/png' })).toBeUndefined();
  });
});
