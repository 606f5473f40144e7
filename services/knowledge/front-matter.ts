import { parse as parseYaml } from 'yaml';
import { cleanText } from './sections';

// Front matter: the YAML block between leading `---` lines (Jekyll, Hugo, Docusaurus, Zendesk
// exports) or TOML between `+++` lines (Hugo). It describes the document; it is never its text.

export interface FrontMatter {
  /** The source without the front-matter block. */
  body: string;
  /** Its `title`, if it has a usable one. */
  title?: string;
  /** Its other scalar keys (lists of scalars joined with ", "), by key. */
  metadata: Record<string, string>;
}

/** The most of a document read for front matter; a block that has not ended by then is not one. */
const MAX_FRONT_MATTER = 64 * 1024;
const YAML_BLOCK = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const TOML_BLOCK = /^\uFEFF?\+\+\+[ \t]*\r?\n([\s\S]*?)\r?\n\+\+\+[ \t]*(?:\r?\n|$)/;

/**
 * Splits a Markdown source into its front matter and body. A block that does not parse as a map
 * (a document opening with a `---` rule and a paragraph) is left in the body as it was.
 */
export function splitFrontMatter(source: string): FrontMatter {
  const head = source.slice(0, MAX_FRONT_MATTER + 16);
  const yaml = YAML_BLOCK.exec(head);
  const toml = yaml ? null : TOML_BLOCK.exec(head);
  const match = yaml ?? toml;
  if (!match) return { body: source, metadata: {} };
  const data = yaml ? readYaml(match[1]!) : readToml(match[1]!);
  if (!data) return { body: source, metadata: {} };
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const text = scalarText(value);
    if (text) metadata[key] = text;
  }
  const { title, ...rest } = metadata;
  return { body: source.slice(match[0].length), title: title?.slice(0, 300), metadata: rest };
}

/** The front-matter title of a Markdown source, read from its first 64 KB only (cheap enough for an upload request). */
export function frontMatterTitle(source: string): string | undefined {
  return splitFrontMatter(source.slice(0, MAX_FRONT_MATTER + 16)).title;
}

/** Keys whose values say what the document is about: weighed with the title in search, never text. */
export const TOPIC_KEYS = ['description', 'summary', 'tags', 'keywords', 'categories', 'category', 'sidebar_label'];

function readYaml(text: string): Record<string, unknown> | undefined {
  try {
    // Aliases capped low: front matter has no use for them, and they are how YAML bombs grow.
    const data: unknown = parseYaml(text, { maxAliasCount: 10, prettyErrors: false });
    return isMap(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The scalar keys of TOML front matter (`key = "text"`, numbers, booleans, arrays of strings on
 * one line). Tables and multi-line values are skipped: only the title and a few topic keys matter.
 */
function readToml(text: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*\[/.test(line)) break; // a [table]: the top-level keys are over
    const m = /^\s*([A-Za-z0-9_-]+)[ \t]*=(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2]!.trim();
    if (/^\[.*\]$/.test(value)) data[m[1]!] = [...value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((s) => unquote(s[1], s[2]));
    else {
      const s = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(value);
      if (s) data[m[1]!] = unquote(s[1], s[2]);
      else if (/^[\d.+-]+$|^(true|false)$/.test(value)) data[m[1]!] = value;
    }
  }
  return Object.keys(data).length > 0 ? data : undefined;
}

const unquote = (basic: string | undefined, literal: string | undefined) =>
  basic !== undefined ? basic.replace(/\\(["\\])/g, '$1').replace(/\\n/g, ' ').replace(/\\t/g, ' ') : (literal ?? '');

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return cleanText(value) || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) {
    const items = value.map((v) => (typeof v === 'string' || typeof v === 'number' ? cleanText(String(v)) : '')).filter(Boolean);
    return items.length > 0 ? items.join(', ') : undefined;
  }
  return undefined;
}
