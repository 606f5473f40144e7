// BM25 over a workspace's chunks (MiniSearch: BM25+, field boosts, typo tolerance), the lexical half
// of hybrid retrieval. Built in memory with the workspace's KbIndex, from the same chunk rows, so
// it is always at the index's version. Terms are lowercased, stop words dropped and Porter-stemmed
// ("charging" and "charged" meet at "charg"); the question goes through the same steps.
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';

/** English function words and the words of a question's frame ("how do i ..."), which otherwise dominate BM25. */
const STOP = new Set(
  'a an and are as at be been but by can could do does did for from had has have how i if in into is it its me my no not of on or our so that the their them then there these this those to was we were what when where which who why will with would you your im ive id dont doesnt didnt cant isnt wont please hi hello hey thanks thank'.split(
    ' ',
  ),
);

/** One token -> the indexed term, or null to skip it. Exported for tests. */
export function lexicalTerm(token: string): string | null {
  const t = token.toLowerCase().replace(/['’]/g, '');
  if (t.length < 2 || STOP.has(t)) return null;
  return /^[a-z]+$/.test(t) ? stemmer(t) : t;
}

export interface LexicalChunk {
  documentTitle: string;
  heading: string;
  text: string;
}

export interface LexicalHit {
  /** Position of the chunk in the list the index was built from. */
  pos: number;
  score: number;
}

export interface LexicalIndex {
  /** The best `limit` chunks for the text, best first (BM25 scores, comparable only within one search). */
  search(text: string, limit: number): LexicalHit[];
}

// Titles and headings name what a passage is about. Fuzzy matching (edit distance up to a fifth of
// the term's length) forgives a customer's typos; prefix matching lets "config" find "configuration".
const SEARCH_OPTIONS = { boost: { title: 2, heading: 1.5 }, fuzzy: 0.2, prefix: true, combineWith: 'OR' } as const;

export function buildLexicalIndex(chunks: readonly LexicalChunk[]): LexicalIndex {
  const search = new MiniSearch<{ pos: number }>({
    idField: 'pos',
    fields: ['title', 'heading', 'text'],
    storeFields: [],
    extractField: (doc, field) => {
      if (field === 'pos') return doc.pos as unknown as string;
      const chunk = chunks[doc.pos]!;
      return field === 'title' ? chunk.documentTitle : field === 'heading' ? chunk.heading : chunk.text;
    },
    processTerm: lexicalTerm,
    searchOptions: SEARCH_OPTIONS,
  });
  search.addAll(chunks.map((_, pos) => ({ pos })));
  return {
    search(text, limit) {
      return search
        .search(text)
        .slice(0, limit)
        .map((hit) => ({ pos: hit.id as number, score: hit.score }));
    },
  };
}
