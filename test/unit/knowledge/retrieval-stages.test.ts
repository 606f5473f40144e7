// The stages of chatbot retrieval that need no database: BM25 (lexical-index), the reranker
// (passage-ranker), the LLM's context (llm-context) and the extractive answer's steps.
import { describe, expect, it } from 'vitest';
import { buildLexicalIndex, lexicalTerm } from '@/services/knowledge/lexical-index';
import { passageFeatures, passageRelevance, RANKER_FEATURES, RANKER_THRESHOLD } from '@/services/knowledge/passage-ranker';
import { LLM_CONTEXT_CHARS, selectLlmPassages } from '@/services/chat/llm-context';
import { composeExtractiveAnswer } from '@/services/chat/compose-extractive-answer';
import type { IndexedChunk, KbIndex } from '@/services/knowledge/kb-index';
import type { Passage, Retrieval } from '@/services/knowledge/retrieve-passages';

const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];

function chunk(documentId: string, idx: number, heading: string, sentences: string[], title = `Doc ${documentId}`): IndexedChunk {
  const text = sentences.join('\n');
  return {
    documentId,
    idx,
    documentTitle: title,
    documentKind: 'markdown',
    sourceUrl: null,
    documentPrivate: false,
    heading,
    text,
    anchor: null,
    sentences: sentences.map((t) => ({ text: t, lexemes: words(t) })),
    lexemes: new Set(words(text)),
    headingLexemes: new Set(words(`${title} ${heading}`)),
  };
}

function retrievalOf(chunks: IndexedChunk[], relevances: number[], question: string): Retrieval {
  const index: KbIndex = {
    workspaceId: 'w',
    version: 1,
    chunks,
    position: new Map(chunks.map((c, i) => [`${c.documentId}:${c.idx}`, i])),
    vectors: new Float32Array(0),
    dims: 0,
    model: null,
    df: new Map(),
    lexical: buildLexicalIndex(chunks),
    loadedAt: 0,
  };
  const passages: Passage[] = relevances.map((relevance, i) => ({ chunk: chunks[i]!, rrf: 0, bm25: null, cosine: 0, coverage: 0, signals: { semantic: 0, coverage: 0, headingCoverage: 0, bm25Relative: 0, lexicalRank: null, vectorRank: null }, relevance }));
  return { question, passages, relevance: Math.max(...relevances), terms: new Map(words(question).map((w) => [w, 1])), questionVector: null, questionModel: null, index };
}

describe('BM25 over title, headings and text', () => {
  const chunks = [
    chunk('a', 0, 'Charging', ['The battery charges over USB-C in two hours.'], 'Battery'),
    chunk('b', 0, 'Shipping', ['Orders ship within two days.'], 'Delivery'),
    chunk('c', 0, 'Uploading', ['If the upload fails, select the right port in the Tools menu.'], 'Upload errors'),
  ];
  const index = buildLexicalIndex(chunks);

  it('stems words and drops a question frame', () => {
    expect(lexicalTerm('Charging')).toBe(lexicalTerm('charged'));
    expect(lexicalTerm('how')).toBeNull();
    expect(index.search('how long does charging take', 3)[0]?.pos).toBe(0);
  });

  it('forgives a typo and ranks a title match above a mention', () => {
    expect(index.search('uplaod fails', 3)[0]?.pos).toBe(2);
    const titled = buildLexicalIndex([chunk('x', 0, '', ['Say delivery here once.'], 'Returns'), chunk('y', 0, '', ['Nothing about it.'], 'Delivery')]);
    expect(titled.search('delivery', 2)[0]?.pos).toBe(1);
  });

  it('finds nothing for words the corpus lacks', () => {
    expect(index.search('weather in paris', 3)).toEqual([]);
  });
});

describe('the reranker', () => {
  const signals = { semantic: 0.5, coverage: 0.5, headingCoverage: 0, bm25Relative: 0.5, lexicalRank: 3, vectorRank: 3 };
  it('scores 0..1, higher with more of the question covered and closer meaning', () => {
    const base = passageRelevance(passageFeatures(signals));
    expect(base).toBeGreaterThan(0);
    expect(base).toBeLessThan(1);
    expect(passageRelevance(passageFeatures({ ...signals, coverage: 1 }))).toBeGreaterThan(base);
    expect(passageRelevance(passageFeatures({ ...signals, semantic: 1 }))).toBeGreaterThan(base);
    expect(passageFeatures(signals)).toHaveLength(RANKER_FEATURES.length);
  });
  it('puts an unrelated passage below the threshold and an answering one above it', () => {
    const none = { semantic: 0, coverage: 0, headingCoverage: 0, bm25Relative: 0, lexicalRank: null, vectorRank: 25 };
    const answer = { semantic: 1, coverage: 1, headingCoverage: 1, bm25Relative: 1, lexicalRank: 0, vectorRank: 0 };
    expect(passageRelevance(passageFeatures(none))).toBeLessThan(RANKER_THRESHOLD);
    expect(passageRelevance(passageFeatures(answer))).toBeGreaterThan(RANKER_THRESHOLD);
  });
});

describe("the LLM's context", () => {
  const long = (n: number, id = '') => Array.from({ length: n }, (_, i) => `Sentence ${id}${i} says something useful about the topic at hand.`);
  it('joins the chunks around a passage in its section, in reading order, and not across sections', () => {
    const chunks = [chunk('a', 0, 'Setup', ['Step one.']), chunk('a', 1, 'Setup', ['Step two.']), chunk('a', 2, 'Setup', ['Step three.']), chunk('a', 3, 'Other', ['Elsewhere.'])];
    const [first, ...rest] = selectLlmPassages(retrievalOf(chunks, [0.2, 0.9, 0.1, 0.5], 'step'));
    expect(first!.chunk.text).toBe('Step one.\nStep two.\nStep three.');
    // The joined chunks are not sent again; the other section is its own source.
    expect(rest.map((p) => p.chunk.text)).toEqual(['Elsewhere.']);
  });
  it('keeps within the character budget and drops duplicate text', () => {
    // The second best passage repeats the best one's text (the same paragraph in two articles).
    const chunks = [chunk('d0', 0, 'H', long(8, 'x')), chunk('dup', 0, 'H', long(8, 'x')), ...Array.from({ length: 30 }, (_, i) => chunk(`d${i + 1}`, 0, 'H', long(8, `${i}-`)))];
    const picked = selectLlmPassages(retrievalOf(chunks, chunks.map((_, i) => 0.9 - i * 0.01), 'topic'));
    const chars = picked.reduce((n, p) => n + p.chunk.text.length, 0);
    expect(chars).toBeLessThanOrEqual(LLM_CONTEXT_CHARS);
    expect(chars).toBeGreaterThan(LLM_CONTEXT_CHARS / 2);
    expect(picked.map((p) => p.chunk.documentId)).toContain('d0');
    expect(picked.map((p) => p.chunk.documentId)).not.toContain('dup');
  });
  it('leaves out passages far below the best one', () => {
    const chunks = [chunk('a', 0, 'A', ['Alpha.']), chunk('b', 0, 'B', ['Beta.'])];
    expect(selectLlmPassages(retrievalOf(chunks, [0.9, 0.05], 'alpha')).map((p) => p.chunk.documentId)).toEqual(['a']);
  });
});

describe('the extractive answer', () => {
  const opts = { minRelevance: 0.3, apiBaseUrl: 'http://localhost', workspaceId: 'w' };
  it('answers steps whole: the lead-in and every numbered item, in order, with one citation', async () => {
    const steps = chunk('a', 0, 'Reset the board', [
      'Resetting clears the sketch.',
      'To reset the board:',
      '1. Unplug the USB cable.',
      '2. Press and hold the reset button.',
      '3. Plug the cable back in while holding it.',
      'The light blinks when done.',
    ]);
    const answer = await composeExtractiveAnswer(retrievalOf([steps], [0.9], 'how do i reset the board'), opts);
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('To reset the board: 1. Unplug the USB cable. 2. Press and hold the reset button. 3. Plug the cable back in while holding it.');
    expect(answer.citations).toHaveLength(1);
  });
  it('keeps what a lower-case sentence continues, and reads on when the best sentence is short', async () => {
    const docs = chunk('a', 0, 'Tests', ['Intro to testing here.', 'npm test', 'runs the whole suite and the browser tests.', 'It takes ten minutes on two cores.']);
    const answer = await composeExtractiveAnswer(retrievalOf([docs], [0.9], 'what runs the whole suite'), opts);
    expect(answer.text).toContain('npm test runs the whole suite');
    expect(answer.text).toContain('ten minutes');
  });
  it('reads on from an introduction into the next section, not from an answer under its own heading', async () => {
    const intro = [chunk('a', 0, '', ['If the cloud cannot connect, check the following.']), chunk('a', 1, 'Ports', ['Open the ports 8883 and 443 in your firewall.'])];
    const fromIntro = await composeExtractiveAnswer(retrievalOf(intro, [0.9], 'cloud cannot connect firewall'), opts);
    expect(fromIntro.text).toContain('8883');
    expect(fromIntro.citations).toHaveLength(2);
    const headed = [chunk('b', 0, 'Shipping', ['Express delivery arrives the next working day and costs 12.95 euros.', 'We ship to Norway and Iceland.'])];
    const answer = await composeExtractiveAnswer(retrievalOf(headed, [0.9], 'express delivery cost'), opts);
    expect(answer.text).toBe('Express delivery arrives the next working day and costs 12.95 euros. [1]');
  });
  it('stays within about 120 words and never answers below the threshold', async () => {
    const many = chunk('a', 0, 'Topic', Array.from({ length: 40 }, (_, i) => `Topic fact number ${i} explains the topic in some detail here.`));
    const answer = await composeExtractiveAnswer(retrievalOf([many], [0.9], 'topic fact'), opts);
    expect(answer.text.split(/\s+/).length).toBeLessThanOrEqual(130);
    const low = await composeExtractiveAnswer(retrievalOf([many], [0.1], 'topic fact'), opts);
    expect(low.answered).toBe(false);
  });
  it("passes over an image's alt text for the sentence that says something", async () => {
    const doc = chunk('a', 0, 'Device Manager', ['Device Manager window with the COM port list', 'The Device Manager lists every COM port and the program holding it.']);
    const answer = await composeExtractiveAnswer(retrievalOf([doc], [0.9], 'which program holds my com port device manager'), opts);
    expect(answer.text).toMatch(/^The Device Manager lists every COM port/);
    expect(answer.text).not.toContain('window with');
  });
  it('takes the sentence that adds what was asked, also from a section nearly as relevant as the best one', async () => {
    const intro = chunk('a', 0, 'Office networks', ['If the cloud does not connect at the office, the firewall may block it.', 'A home network needs no change.']);
    const ports = chunk('a', 3, 'Network setup', ['Allow outgoing traffic on ports 8884 and 8443 through the office firewall.']);
    const answer = await composeExtractiveAnswer(retrievalOf([intro, ports], [0.8, 0.58], 'which firewall ports does the cloud need at the office'), opts);
    expect(answer.text).toContain('the firewall may block it');
    expect(answer.text).toContain('ports 8884 and 8443');
    expect(answer.text.indexOf('firewall')).toBeLessThan(answer.text.indexOf('8884')); // reading order
  });
  it('lists other articles nearly as relevant after its sources, each once, at most three documents', async () => {
    const chunks = [
      chunk('win', 0, '', ['The IDE does not open on Windows: delete the cache folder.']),
      chunk('pi', 0, '', ['On a Raspberry Pi, download the ARM release of the IDE.']),
      chunk('pi', 1, 'Permissions', ['Make the file executable.']),
      chunk('mac', 0, '', ['On macOS, move the IDE to Applications.']),
      chunk('linux', 0, '', ['On Linux, install the missing library.']),
      chunk('far', 0, '', ['Unrelated page about the IDE.']),
    ];
    const answer = await composeExtractiveAnswer(retrievalOf(chunks, [0.8, 0.78, 0.77, 0.75, 0.72, 0.4], 'the ide does not open on windows'), opts);
    expect(answer.text).not.toMatch(/Raspberry|macOS/); // related sources are listed, not quoted
    expect(answer.citations.map((c) => [c.n, c.documentId])).toEqual([[1, 'win'], [2, 'pi'], [3, 'mac']]);
    const alone = await composeExtractiveAnswer(retrievalOf([chunks[0]!, chunks[5]!], [0.8, 0.6], 'the ide does not open on windows'), opts);
    expect(alone.citations.map((c) => c.documentId)).toEqual(['win']);
  });
});
