// Text normalisation for the sentiment model, applied (after lowercasing) both when training and
// when serving, so the model always sees the same kind of input:
// - negations become a separate "not" (GloVe knows "not"; the pre-tokenizer would split "don't"
//   into "don", "'", "t", and SST writes it "do n't"): "didn't", "did n't", "didnt" -> "did not";
// - emoticons become words GloVe knows (":)" -> "smile"), which the punctuation split would lose;
// - @handles, URLs and HTML entities (tweets) are dropped or decoded; "#word" -> "word";
// - runs of 3+ repeated letters shrink to 2 ("soooo" -> "soo"), and curly quotes become straight.
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };

const EMOTICONS: [RegExp, string][] = [
  [/(?:^|\s)[:;=8][-']?[)\]}dp](?=\s|$)/g, ' smile '],
  [/(?:^|\s)\(\s?[:;=][-']?(?=\s|$)/g, ' smile '],
  [/(?:^|\s)[:;=][-']?[(\[{|/\\](?=\s|$)/g, ' sad '],
  [/(?:^|\s)<3+(?=\s|$)/g, ' love '],
  [/(?:^|\s):'\((?=\s|$)/g, ' cry '],
];

const NEGATION_STEMS = '(?:do|does|did|is|are|was|were|has|have|had|could|would|should|must|need|ai|dare|might)';

export function normalizeForSentiment(lowercased: string): string {
  let t = lowercased.replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/[\u201c\u201d]/g, '"');
  t = t.replace(/&(?:amp|lt|gt|quot|#39|apos);/g, (m) => ENTITIES[m] ?? m);
  t = t.replace(/https?:\/\/\S+|www\.\S+/g, ' ').replace(/(^|\s)@\w+/g, '$1 ').replace(/#(\w)/g, '$1');
  for (const [re, word] of EMOTICONS) t = t.replace(re, word);
  t = t
    .replace(/\bcan\s?'?\s?t\b|\bca\s?n't\b/g, 'can not')
    .replace(/\bwon't\b|\bwo\s?n't\b/g, 'will not')
    .replace(/\bshan't\b|\bsha\s?n't\b/g, 'shall not')
    .replace(/\s?n't\b/g, ' not')
    .replace(new RegExp(`\\b(${NEGATION_STEMS})nt\\b`, 'g'), '$1 not');
  return t.replace(/(\p{L})\1{2,}/gu, '$1$1');
}
