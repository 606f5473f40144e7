import { chunkKey, type IndexedChunk } from '@/services/knowledge/kb-index';
import type { Passage, Retrieval } from '@/services/knowledge/retrieve-passages';

/** Characters of passage text the LLM gets at most (about 1,500 tokens). */
export const LLM_CONTEXT_CHARS = 6000;
const MAX_SOURCES = 8;
/** Passages far below the best one are noise for the model. */
const RELATIVE_FLOOR = 0.2;
/** A passage is read with at most this many chunks of its section. */
const MAX_SECTION_CHUNKS = 4;

/**
 * The passages the LLM path sends to the model as numbered sources, shared by the chat turn and
 * `npm run eval:chat` (context recall), so the evaluation measures what the model really gets:
 * the best passages by relevance, each joined with the chunks around it in the same section (a
 * section cut into chunks is read whole: the steps after the one that matched), duplicates
 * dropped (the same text in two articles, a chunk already joined to another), until the
 * character budget is spent.
 */
export function selectLlmPassages(retrieval: Retrieval, budget = LLM_CONTEXT_CHARS): Passage[] {
  const ranked = [...retrieval.passages].sort((a, b) => b.relevance - a.relevance).filter((p) => p.relevance >= RELATIVE_FLOOR * retrieval.relevance);
  const used = new Set<string>();
  const seenText = new Set<string>();
  const out: Passage[] = [];
  let left = budget;
  for (const p of ranked) {
    if (out.length >= MAX_SOURCES || left < 200) break;
    const key = chunkKey(p.chunk.documentId, p.chunk.idx);
    const fingerprint = p.chunk.text.toLowerCase().replace(/\s+/g, ' ').slice(0, 300);
    if (used.has(key) || seenText.has(fingerprint)) continue;
    const section = sectionAround(retrieval, p.chunk, left, used);
    if (section.length === 0) continue;
    for (const c of section) used.add(chunkKey(c.documentId, c.idx));
    seenText.add(fingerprint);
    const chunk = section.length === 1 ? section[0]! : joinChunks(section);
    out.push({ ...p, chunk });
    left -= chunk.text.length;
  }
  return out;
}

/**
 * The chunk and its neighbours under the same heading path, nearest first and after before
 * before, within `budget` characters, in reading order; chunks already used are left out.
 */
function sectionAround(retrieval: Retrieval, chunk: IndexedChunk, budget: number, used: Set<string>): IndexedChunk[] {
  if (chunk.text.length > budget) return [];
  const { index } = retrieval;
  const at = (idx: number) => {
    const pos = index.position.get(chunkKey(chunk.documentId, idx));
    const c = pos === undefined ? undefined : index.chunks[pos];
    return c && c.heading === chunk.heading && !used.has(chunkKey(c.documentId, c.idx)) ? c : undefined;
  };
  const picked = [chunk];
  let size = chunk.text.length;
  let after = chunk.idx + 1;
  let before = chunk.idx - 1;
  while (picked.length < MAX_SECTION_CHUNKS) {
    const next = at(after);
    if (next && size + next.text.length <= budget) {
      picked.push(next);
      size += next.text.length;
      after++;
      continue;
    }
    const prev = at(before);
    if (prev && size + prev.text.length <= budget) {
      picked.unshift(prev);
      size += prev.text.length;
      before--;
      continue;
    }
    break;
  }
  return picked;
}

function joinChunks(chunks: IndexedChunk[]): IndexedChunk {
  const first = chunks[0]!;
  return {
    ...first,
    text: chunks.map((c) => c.text).join('\n'),
    sentences: chunks.flatMap((c) => c.sentences),
    lexemes: new Set(chunks.flatMap((c) => [...c.lexemes])),
  };
}
