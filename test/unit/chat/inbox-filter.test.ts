import { describe, expect, it } from 'vitest';
import { parseExportQuery } from '@/services/chat/export-conversations';
import { inboxFilterOrAll } from '@/services/chat/inbox-filter';

describe('inbox filter', () => {
  it('the inbox page lists everything for a missing or unknown filter', () => {
    expect(inboxFilterOrAll(undefined)).toBe('all');
    expect(inboxFilterOrAll('flagged')).toBe('flagged');
    expect(inboxFilterOrAll('FLAGGED')).toBe('all');
    expect(inboxFilterOrAll('constructor')).toBe('all');
  });

  it('exports read the same filter strictly: an unknown one is an error naming `filter`', () => {
    expect(parseExportQuery(new URLSearchParams('format=csv'))).toEqual({ format: 'csv', filter: 'all' });
    expect(parseExportQuery(new URLSearchParams('format=json&filter=negative&filter=all'))).toEqual({ format: 'json', filter: 'negative' });
    expect(() => parseExportQuery(new URLSearchParams('format=csv&filter='))).toThrow(expect.objectContaining({ code: 'validation_failed', details: [expect.objectContaining({ path: 'filter' })] }));
    expect(() => parseExportQuery(new URLSearchParams('filter=open'))).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: 'format' })] }));
  });
});
