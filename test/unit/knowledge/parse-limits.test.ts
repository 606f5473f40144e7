import { describe, expect, it } from 'vitest';
import { parseFile } from '@/services/knowledge/parse-document';
import { parseFileIsolated, PARSE_LIMITS } from '@/services/knowledge/parse-isolated';
import { scanHtml } from '@/services/knowledge/scan-html';

const bytes = (s: string) => new TextEncoder().encode(s);
const elapsed = async (fn: () => Promise<unknown>) => {
  const started = Date.now();
  const outcome = await fn().then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error: error as { code?: string; message?: string } }),
  );
  return { ...outcome, ms: Date.now() - started };
};

describe('scanHtml: elements and nesting depth without a DOM', () => {
  it.each([
    ['nested elements', '<div><div><p>x</p></div></div>', 3, 3],
    ['void, self-closed foreign and raw-text content', '<p>a<br>b<img src="x"><svg><path/><path/></svg><script>"<div><div>"</script></p>', 7, 2],
    ['implied end tags (li, p, td) as parsers close them', '<ul><li>a<li>b<li>c</ul><p>one<p>two<table><tr><td>1<td>2<tr><td>3</table>', 12, 3],
    ['comments, doctype, ">" inside quoted attributes, stray "<"', '<!doctype html><!-- <div><div> --><a title="a > b <div>">1 < 2</a>', 1, 1],
    ['end tags close back to their match', '<div><span><b>x</div><div>y</div>', 4, 3],
    ['"<div/>" nests outside SVG, as HTML parsers read it', '<div/><div/><div/>', 3, 3],
  ])('%s', (_name, html, elements, depth) => {
    expect(scanHtml(html)).toEqual({ elements, maxDepth: depth, stopped: false });
  });

  it('stops early past a limit, in linear time', () => {
    const started = Date.now();
    expect(scanHtml('<div>'.repeat(1_000_000))).toMatchObject({ maxDepth: 129, stopped: true });
    expect(scanHtml('<p>x</p>'.repeat(1_000_000))).toMatchObject({ elements: 50_001, maxDepth: 1, stopped: true });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('parseFileIsolated: parsing in a worker thread with limits', () => {
  it('parses like parseFile', async () => {
    const html = '<html><head><title>T</title></head><body><h1>Rentals</h1><p>Tents for rent.</p></body></html>';
    expect(await parseFileIsolated('html', bytes(html))).toEqual(await parseFile('html', bytes(html)));
  });

  it("refuses 100,000 '<div>' before parsing, with the reason", async () => {
    const r = await elapsed(() => parseFileIsolated('html', bytes('<div>'.repeat(100_000)))); // the 500 KB file
    expect(r.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/more than 128 deep/) });
    expect(r.ms).toBeLessThan(500);
  });

  it('stops a parse past its time limit (8,000 nested elements, the scan lifted)', async () => {
    const limits = { ...PARSE_LIMITS, maxDepth: Infinity, timeoutMs: 2_000 };
    const r = await elapsed(() => parseFileIsolated('html', bytes('<div>'.repeat(8_000) + 'x'), limits));
    expect(r.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/took longer than 2 s|nests too deeply/) });
    expect(r.ms).toBeLessThan(4_000);
  });

  it('turns a stack overflow and a memory limit into reasons', async () => {
    const deep = await elapsed(() => parseFileIsolated('markdown', bytes('>'.repeat(8_000) + ' x')));
    expect(deep.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/nests too deeply/) });
    const big = await elapsed(() => parseFileIsolated('text', bytes('word '.repeat(2_000_000)), { ...PARSE_LIMITS, maxMemoryMb: 16 }));
    expect(big.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/more than 16 MB of memory/) });
  });
});
