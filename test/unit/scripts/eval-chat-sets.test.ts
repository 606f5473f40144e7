// The QA sets of `npm run eval:chat` are data other people tune against: every expected fact must
// be in an expected article (else the figures measure the set, not the bot), splits must be
// balanced enough to report a held-out half, and the sizes the issue asks for must hold.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_FAQ_MARKDOWN, DEMO_QA_PAIRS } from '@/services/demo/demo-knowledge-base';
import { checkSet, DEFAULT_SETS, hasFact, kbFiles, loadSet, type QaSet } from '@/scripts/eval-chat/sets';

const loaded = DEFAULT_SETS.map((file) => {
  const set = loadSet(file);
  const files = kbFiles(set, file);
  const byKey = new Map(files.map((f) => [f.key, f.file]));
  const textOf = (key: string) =>
    key === 'demo:faq' ? DEMO_FAQ_MARKDOWN : key === 'demo:qa' ? DEMO_QA_PAIRS.map((p) => `${p.question}\n${p.answer}`).join('\n') : fs.readFileSync(byKey.get(key)!, 'utf8');
  return { file, set, files, textOf };
});
const answerable = (set: QaSet) => set.questions.filter((q) => !('outOfScope' in q));

describe('eval:chat QA sets', () => {
  it.each(loaded.map((l) => [l.set.name, l] as const))('%s: every fact is in an expected article', (_name, { set, files, textOf }) => {
    expect(checkSet(set, files, textOf)).toEqual([]);
  });

  it('the check reports a fact its article does not contain, and an unknown article', () => {
    const { set, files, textOf } = loaded[1]!;
    const q = answerable(set)[0]!;
    const broken: QaSet = { ...set, questions: [{ ...q, facts: ['a phrase no article has'] }, { ...q, id: 'x2', articles: ['Nowhere.md'] }] };
    expect(checkSet(broken, files, textOf)).toEqual([`${q.id}: fact "a phrase no article has" is not in ${'articles' in q ? q.articles.join(' or ') : ''}`, 'x2: unknown article(s) Nowhere.md']);
  });

  it('facts match across case, emphasis and line breaks, not across different words', () => {
    expect(hasFact('Click **Editor  Quick\nSuggestions** now', 'editor quick suggestions')).toBe(true);
    expect(hasFact('Editor suggestions', 'editor quick suggestions')).toBe(false);
    expect(hasFact('pay by card', ['PayPal', 'card'])).toBe(true);
  });

  it('holds the sizes the issue asks for, split into dev and test', () => {
    const all = loaded.flatMap((l) => l.set.questions);
    expect(all.filter((q) => !('outOfScope' in q)).length).toBeGreaterThanOrEqual(100);
    expect(all.filter((q) => 'outOfScope' in q).length).toBeGreaterThanOrEqual(20);
    const arduino = loaded.find((l) => l.file.endsWith('qa-arduino.json'))!;
    expect(answerable(arduino.set).length).toBeGreaterThanOrEqual(50);
    expect(arduino.files.length).toBe(414);
    for (const { set } of loaded) {
      const dev = set.questions.filter((q) => q.split === 'dev').length;
      expect(dev / set.questions.length, set.name).toBeGreaterThan(0.3);
      expect(dev / set.questions.length, set.name).toBeLessThan(0.7);
    }
  });
});
