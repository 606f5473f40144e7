import { describe, expect, it } from 'vitest';
import { detectIntent } from '@/services/chat/detect-intent';
import { shouldFlagNegative } from '@/services/chat/should-flag';
import { citedNumbers } from '@/services/chat/stream-llm-answer';
import { searchWords } from '@/services/chat/find-products';
import { identityHash } from '@/services/chat/verify-identity';

describe('detectIntent', () => {
  it('recognises requests for a person', () => {
    for (const m of ['Can I talk to a human?', 'I want to speak to someone', 'agent', 'Please connect me with your support team', 'real person please']) {
      expect(detectIntent(m), m).toEqual({ kind: 'handoff' });
    }
  });

  it('recognises an email left for contact, greetings and thanks, but not questions that contain them', () => {
    expect(detectIntent('my email is ana@example.com')).toEqual({ kind: 'contact', email: 'ana@example.com' });
    expect(detectIntent('Hello!')).toEqual({ kind: 'greeting' });
    expect(detectIntent('good morning')).toEqual({ kind: 'greeting' });
    expect(detectIntent('Thanks a lot!')).toEqual({ kind: 'thanks' });
    expect(detectIntent('Hello, how long does shipping take?')).toEqual({ kind: 'question' });
    expect(detectIntent('Thanks, but how do I return it?')).toEqual({ kind: 'question' });
  });

  it('finds shopping questions, strong and weak, and the item to find things like', () => {
    expect(detectIntent('Can you recommend a warm sleeping bag?')).toMatchObject({ kind: 'products', strength: 'strong' });
    expect(detectIntent('Show me something like the Ridgeway Family Tent')).toMatchObject({ kind: 'products', strength: 'strong', similarTo: 'Ridgeway Family Tent' });
    expect(detectIntent('Any alternatives to the Kestrel Daypack?')).toMatchObject({ kind: 'products', similarTo: 'Kestrel Daypack' });
    expect(detectIntent('Do you sell gift cards?')).toMatchObject({ kind: 'products', strength: 'weak' });
    expect(detectIntent('What is your returns policy?')).toEqual({ kind: 'question' });
  });
});

describe('shouldFlagNegative', () => {
  const neg = (p: number) => ({ label: 'negative', negative: p });
  const ok = { label: 'neutral', negative: 0.1 };
  it('flags a strongly negative latest message, or two negative of the last three', () => {
    expect(shouldFlagNegative([ok, neg(0.9)])).toBe(true);
    expect(shouldFlagNegative([ok, neg(0.6)])).toBe(false);
    expect(shouldFlagNegative([neg(0.6), ok, neg(0.6)])).toBe(true);
    expect(shouldFlagNegative([neg(0.6), ok, ok, neg(0.6)])).toBe(false);
    expect(shouldFlagNegative([neg(0.9), ok])).toBe(false);
    // Hesitant negatives (questions the model is unsure about) never add up to a flag.
    expect(shouldFlagNegative([neg(0.55), ok, neg(0.59)])).toBe(false);
    expect(shouldFlagNegative([neg(0.55), neg(0.65), neg(0.59)])).toBe(false);
    expect(shouldFlagNegative([])).toBe(false);
  });
});

describe('citedNumbers', () => {
  it('lists the [n] markers in order of first use, within the sources given', () => {
    expect(citedNumbers('A [2]. B [1][2]. C [7]. D [02]', 3)).toEqual([2, 1]);
    expect(citedNumbers('no sources', 3)).toEqual([]);
  });
});

describe('searchWords', () => {
  it('keeps what is wanted, drops how it is asked, singularises plurals for prefix search', () => {
    expect(searchWords('Can you recommend me some waterproof hiking boots please?')).toEqual(['waterproof', 'hiking', 'boot']);
    expect(searchWords('Do you sell gift cards?')).toEqual(['card']);
    expect(searchWords('grass')).toEqual(['grass']);
  });
});

describe('identityHash', () => {
  it('is the hex HMAC-SHA256 of the user id (the value tenants compute server-side)', () => {
    // echo -n 'user-42' | openssl dgst -sha256 -hmac 'secret'
    expect(identityHash('secret', 'user-42')).toBe('e286b7b944100ab478fe553b39122922de0000aee1d04087dc3e96eefc3a8d47');
  });
});
