// A workspace's own LLM endpoint is a URL a tenant typed that our servers then POST to: the same
// SSRF rule as URL documents applies (services/knowledge/check-fetch-address.ts): public addresses
// only, plus the deployment's KB_FETCH_ALLOWED_RANGES. Checked when saved and again before each
// call, on the addresses the host resolves to at that moment.
import dns from 'node:dns/promises';
import net from 'node:net';
import { env } from '@/services/config/env';
import { isFetchAllowed, parseAddressRanges } from '@/services/knowledge/check-fetch-address';

/** Why our servers may not call this endpoint, or null when they may. */
export async function llmEndpointProblem(url: string): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be a URL like https://api.openai.com/v1';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must be an http or https URL (got ${u.protocol})`;
  if (u.username || u.password) return 'must not contain a user name or password (put the key in the API key field)';
  const allowed = parseAddressRanges(env().KB_FETCH_ALLOWED_RANGES);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return `its host ${host} could not be resolved`;
    }
  }
  const bad = addresses.find((a) => !isFetchAllowed(a, allowed));
  return bad ? `points to a private address (${bad}); only public endpoints can be used` : null;
}
