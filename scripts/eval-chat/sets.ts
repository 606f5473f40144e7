// The QA sets of `npm run eval:chat`: loading, the knowledge-base files each one uploads, and the
// check that every expected fact is really in its expected article (a fact an article does not
// contain measures nothing). Kept apart from the runner so a unit test can check the sets without
// indexing anything.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '@/services/paths';

/** A fact: a phrase a correct answer contains, or a list of alternatives (any one counts). */
const factSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const questionSchema = z.union([
  z.object({
    id: z.string().min(1),
    q: z.string().min(1),
    split: z.enum(['dev', 'test']),
    facts: z.array(factSchema).min(1),
    /** Documents that answer it: keys of knowledge-base documents (see `KbFile.key`). */
    articles: z.array(z.string().min(1)).min(1),
  }),
  z.object({ id: z.string().min(1), q: z.string().min(1), split: z.enum(['dev', 'test']), outOfScope: z.literal(true) }),
]);

export const qaSetSchema = z.object({
  name: z.string().min(1),
  /**
   * Files (.md/.txt/.html/.pdf) or folders (every .md/.txt/.html/.pdf below it), relative to the
   * set's folder or to the project; "demo" is the demo shop's FAQ ("demo:faq") and Q&A ("demo:qa").
   */
  knowledgeBase: z.array(z.string().min(1)).min(1),
  /** Paths (relative to a knowledge-base folder) left out, e.g. a LICENSE.md. */
  exclude: z.array(z.string()).default([]),
  questions: z.array(questionSchema).min(1),
});

export type QaSet = z.infer<typeof qaSetSchema>;
export type QaQuestion = QaSet['questions'][number];
export type Fact = z.infer<typeof factSchema>;

export const SETS_DIR = path.join(PROJECT_ROOT, 'scripts/eval-chat');
export const DEFAULT_SETS = ['qa-arduino.json', 'qa-calendar.json', 'qa-cairn-docs.json', 'qa-demo-shop.json'].map((f) => path.join(SETS_DIR, f));

/** Lowercased, Markdown emphasis and code marks dropped, whitespace folded. */
export const norm = (s: string) => s.toLowerCase().replace(/[`*_]/g, '').replace(/\s+/g, ' ');
const alternatives = (fact: Fact) => (typeof fact === 'string' ? [fact] : fact);
export const hasFact = (text: string, fact: Fact) => alternatives(fact).some((f) => norm(text).includes(norm(f)));
export const factsIn = (text: string, facts: Fact[]) => facts.map((f) => hasFact(text, f));

export interface KbFile {
  /** How questions name it in `articles`: the path below its folder, or the entry itself. */
  key: string;
  /** Absolute path; null for the demo documents. */
  file: string | null;
}

const KB_EXT = /\.(md|txt|html?|pdf)$/i;

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : KB_EXT.test(e.name) ? [path.join(dir, e.name)] : []));
}

export function loadSet(file: string): QaSet {
  return qaSetSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The documents a set uploads, in order. */
export function kbFiles(set: QaSet, setFile: string): KbFile[] {
  return set.knowledgeBase.flatMap((entry): KbFile[] => {
    if (entry === 'demo') return [{ key: 'demo:faq', file: null }, { key: 'demo:qa', file: null }];
    const full = [path.resolve(path.dirname(setFile), entry), path.resolve(PROJECT_ROOT, entry)].find((p) => fs.existsSync(p));
    if (!full) throw new Error(`${set.name}: knowledge-base entry ${entry} not found`);
    if (!fs.statSync(full).isDirectory()) return [{ key: entry, file: full }];
    return walk(full)
      .map((f) => ({ key: path.relative(full, f).split(path.sep).join('/'), file: f }))
      .filter((f) => !set.exclude.includes(f.key));
  });
}

/**
 * Problems with a set: unknown articles, facts missing from every expected article, duplicate
 * ids. `textOf` gives a knowledge-base document's raw text by key.
 */
export function checkSet(set: QaSet, files: KbFile[], textOf: (key: string) => string): string[] {
  const keys = new Set(files.map((f) => f.key));
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const q of set.questions) {
    if (ids.has(q.id)) problems.push(`${q.id}: duplicate id`);
    ids.add(q.id);
    if ('outOfScope' in q) continue;
    const unknown = q.articles.filter((a) => !keys.has(a));
    if (unknown.length) {
      problems.push(`${q.id}: unknown article(s) ${unknown.join(', ')}`);
      continue;
    }
    const texts = q.articles.map(textOf);
    for (const fact of q.facts)
      for (const alt of alternatives(fact)) if (!texts.some((t) => hasFact(t, alt))) problems.push(`${q.id}: fact "${alt}" is not in ${q.articles.join(' or ')}`);
  }
  return problems;
}
