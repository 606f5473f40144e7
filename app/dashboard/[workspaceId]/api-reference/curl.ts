// The request line of an example or a try-it request, and its curl command. No dependencies:
// the try-it console (a client component) uses buildPath too.

/** `/v1/items/{itemId}` with `{ itemId: "a b" }` -> `/v1/items/a%20b`, plus the query string. */
export function buildPath(template: string, pathParams: Record<string, string>, query: Record<string, string> = {}): string {
  const path = template.replace(/\{([^}]+)\}/g, (whole, name: string) => (name in pathParams ? encodeURIComponent(pathParams[name]!) : whole));
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')).toString();
  return search ? `${path}?${search}` : path;
}

/** POSIX-shell single quoting: safe for any text, quotes included. */
export const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The curl command for a request. The key stays a shell variable (`$CAIRN_API_KEY`) so a copied
 * command never carries a secret; double quotes let the shell expand it.
 */
export function renderCurl(opts: { method: string; baseUrl: string; path: string; body?: unknown; authenticated?: boolean }): string {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}${opts.path}`;
  const lines = [`curl -X ${opts.method.toUpperCase()} ${shellQuote(url)}`];
  if (opts.authenticated !== false) lines.push(`-H "Authorization: Bearer $CAIRN_API_KEY"`);
  if (opts.body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`);
    lines.push(`-d ${shellQuote(JSON.stringify(opts.body, null, 2))}`);
  }
  return lines.join(' \\\n  ');
}
