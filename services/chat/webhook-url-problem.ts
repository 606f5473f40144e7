import { llmEndpointProblem } from './llm-endpoint-guard';

/**
 * Why our servers may not POST to this webhook URL, or null: https (or http) without credentials,
 * to public addresses only (the SSRF rule of URL documents and LLM endpoints, with the deployment's
 * KB_FETCH_ALLOWED_RANGES). Checked when saved and before each delivery.
 */
export async function webhookUrlProblem(url: string): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be a URL like https://example.com/hooks/cairn';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must be an http or https URL (got ${u.protocol})`;
  if (u.username || u.password) return 'must not contain a user name or password';
  return llmEndpointProblem(url);
}
