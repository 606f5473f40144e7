// What a visitor message asks for, from its wording (English): a person, products, small talk, or
// (the default) an answer from the knowledge base.

export type Intent =
  | { kind: 'handoff' }
  | { kind: 'contact'; email: string }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'products'; strength: 'strong' | 'weak'; query: string; similarTo?: string }
  | { kind: 'question' };

const HANDOFF = [
  /\b(talk|speak|chat|connect|transfer|put)\b.{0,30}\b(human|person|people|agent|someone|somebody|representative|operator|staff|team|real)\b/i,
  /\b(human|real person|live (agent|chat|person)|customer service|support agent)\b.{0,20}(please|\?|$)/i,
  /^\s*(agent|human|operator|representative)\s*[!.?]*\s*$/i,
];
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const GREETING = /^\s*(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|bonjour|hallo|hola|ciao)\b[\s!.,]*(there|team|bot)?[\s!.,]*$/i;
const THANKS = /^\s*(thanks?( you)?|thank you( so much| very much)?|thx|ty|cheers|great,? thanks?|perfect,? thanks?)\b[\s!.,]*(a lot|so much)?[\s!.,]*$/i;
const SIMILAR = /\b(?:something|anything|products?|items?|one|alternatives?)?\s*(?:similar to|like the|like my|like a|like an|like|alternatives? to|comparable to|same as)\s+(?:the\s+|a\s+|an\s+|my\s+)?([^?.!]{2,80})/i;
const STRONG = /\b(recommend|recommendation|suggest|suggestion|looking for|look for|show me|what should i (buy|get|wear|take)|want to buy|shopping for|gift (for|idea)|present for|best .{1,30} for|similar to|something like|alternatives? to)\b/i;
const WEAK = /\b(do you (have|sell|carry|stock)|have you got|are there any|i need an?|i('m| am) (after|searching))\b/i;

/** Classifies a message; product intents carry the words to search and an item to find things like. */
export function detectIntent(message: string): Intent {
  const text = message.trim();
  if (HANDOFF.some((r) => r.test(text))) return { kind: 'handoff' };
  const email = EMAIL.exec(text);
  if (email && text.length <= email[0].length + 60) return { kind: 'contact', email: email[0] };
  if (GREETING.test(text)) return { kind: 'greeting' };
  if (THANKS.test(text)) return { kind: 'thanks' };
  const strong = STRONG.test(text);
  if (strong || WEAK.test(text)) {
    const similar = SIMILAR.exec(text);
    const similarTo = strong && similar && /\b(similar|like|alternatives?|comparable|same as)\b/i.test(text) ? similar[1]!.trim().replace(/\s+(please|thanks?)$/i, '') : undefined;
    return { kind: 'products', strength: strong ? 'strong' : 'weak', query: text, ...(similarTo ? { similarTo } : {}) };
  }
  return { kind: 'question' };
}
