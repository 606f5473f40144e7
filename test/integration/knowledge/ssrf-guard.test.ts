// Issue 13, finding 13: the SSRF guard missed IPv4 addresses wrapped in IPv6 forms and the
// benchmarking range, and its only setting opened every address including cloud metadata.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/services/config/env';
import { isFetchAllowed, parseAddressRanges } from '@/services/knowledge/check-fetch-address';
import { fetchUrl } from '@/services/knowledge/fetch-url';
import { startTestSite, type TestSite } from '../../support/knowledge';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite({ '/page': { type: 'text/html', body: '<h1>Hello</h1><p>Inside.</p>' } });
});
afterAll(() => site.close());
const port = () => new URL(site.origin).port;

describe('the SSRF guard', () => {
  it('refuses loopback hidden in IPv6 forms, the benchmarking range and cloud metadata', () => {
    for (const address of ['::7f00:1', '64:ff9b::7f00:1', '::ffff:0:7f00:1', '::ffff:127.0.0.1', '198.18.0.1', '198.19.255.254', '169.254.169.254', '64:ff9b::a9fe:a9fe', '::ffff:10.0.0.1', '2002:7f00:1::1', '64:ff9b:1::a00:1', 'fd00:ec2::254', '::', '::1', '0.0.0.0', '100.64.0.1', 'not an ip']) {
      expect(isFetchAllowed(address), address).toBe(false);
    }
    for (const address of ['8.8.8.8', '2606:4700:4700::1111', '64:ff9b::808:808', '::ffff:8.8.8.8']) {
      expect(isFetchAllowed(address), address).toBe(true);
    }
  });

  it('opens only the ranges named, and cloud metadata only when named inside link-local', () => {
    const everything = parseAddressRanges(['0.0.0.0/0', '::/0']);
    expect(isFetchAllowed('10.1.2.3', everything)).toBe(true);
    expect(isFetchAllowed('::ffff:0:7f00:1', everything)).toBe(true);
    expect(isFetchAllowed('169.254.169.254', everything)).toBe(false);
    expect(isFetchAllowed('fd00:ec2::254', parseAddressRanges(['fc00::/7']))).toBe(false);
    expect(isFetchAllowed('169.254.169.254', parseAddressRanges(['169.254.169.254']))).toBe(true);
    const intranet = parseAddressRanges(['10.0.0.0/8']);
    expect(isFetchAllowed('10.9.9.9', intranet)).toBe(true);
    expect(isFetchAllowed('::ffff:10.9.9.9', intranet)).toBe(true);
    expect(isFetchAllowed('192.168.1.1', intranet)).toBe(false);
    expect(isFetchAllowed('127.0.0.1', intranet)).toBe(false);
  });

  it('refuses a real local server behind each address form, and fetches it when its range is allowed', async () => {
    for (const host of ['[::7f00:1]', '[64:ff9b::7f00:1]', '[::ffff:0:7f00:1]', '[::ffff:127.0.0.1]', '127.0.0.1', 'localhost', '2130706433']) {
      await expect(fetchUrl(`http://${host}:${port()}/page`), host).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/private address/) });
    }
    expect(site.requests).toEqual([]);
    await expect(fetchUrl(`http://127.0.0.1:${port()}/page`, { allowedRanges: ['10.0.0.0/8'] })).rejects.toMatchObject({ message: expect.stringMatching(/private address/) });
    const page = await fetchUrl(`http://localhost:${port()}/page`, { allowedRanges: ['127.0.0.0/8', '::1'] });
    expect(Buffer.from(page.bytes).toString()).toContain('Inside.');
  });

  it('takes its allowed ranges from KB_FETCH_ALLOWED_RANGES; KB_FETCH_ALLOW_PRIVATE=true fails at start', () => {
    expect(parseEnv({}).KB_FETCH_ALLOWED_RANGES).toEqual([]);
    expect(parseEnv({ KB_FETCH_ALLOWED_RANGES: '10.0.0.0/8, fd00::/8,169.254.169.254' }).KB_FETCH_ALLOWED_RANGES).toEqual(['10.0.0.0/8', 'fd00::/8', '169.254.169.254']);
    expect(() => parseEnv({ KB_FETCH_ALLOWED_RANGES: '10.0.0.0/33' })).toThrow(/KB_FETCH_ALLOWED_RANGES/);
    expect(() => parseEnv({ KB_FETCH_ALLOW_PRIVATE: 'true' })).toThrow(/KB_FETCH_ALLOW_PRIVATE: replaced by KB_FETCH_ALLOWED_RANGES/);
    expect(parseEnv({ KB_FETCH_ALLOW_PRIVATE: 'false' }).KB_FETCH_ALLOWED_RANGES).toEqual([]);
  });
});
