import { describe, expect, it } from 'vitest';
import { safeUrl } from '@/widget/safe-url';

const PAGE = 'https://shop.example/products/tents?page=2';

describe('widget safeUrl', () => {
  it('refuses missing values instead of resolving them as relative paths ("<page>/null")', () => {
    for (const value of [null, undefined, '', '   ', 0, {}, ['https://x.example']]) expect(safeUrl(value, PAGE)).toBeNull();
  });

  it('keeps http(s) URLs and resolves relative ones against the page', () => {
    expect(safeUrl('https://cdn.example/tent.jpg', PAGE)).toBe('https://cdn.example/tent.jpg');
    expect(safeUrl('http://shop.example/p/1', PAGE)).toBe('http://shop.example/p/1');
    expect(safeUrl('/p/tent-1', PAGE)).toBe('https://shop.example/p/tent-1');
    expect(safeUrl(' //cdn.example/a.png ', PAGE)).toBe('https://cdn.example/a.png');
  });

  it('refuses every other scheme, however it is spelled', () => {
    for (const value of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:image/png;base64,iVBORw0KGgo=', 'data:text/html,<script>x</script>', 'blob:https://shop.example/1', 'file:///etc/passwd', 'vbscript:x']) {
      expect(safeUrl(value, PAGE), value).toBeNull();
    }
  });
});
