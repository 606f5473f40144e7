// Replaces emails, phone numbers and payment card numbers in free text with "[email]", "[phone]"
// and "[card]". Applied to visitor messages before they are stored or sent to an LLM (workspace
// setting `redactPii`, on by default). Tuned to miss rather than mangle: order numbers, dates,
// prices and ids stay as they are, because a support transcript without them is useless, while a
// phone number that slips through is still covered by erasure and retention.

export const PLACEHOLDERS = { email: '[email]', phone: '[phone]', card: '[card]' } as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// 13-19 digits, optionally grouped by single spaces or dashes, starting with an issuer digit
// (2 Mastercard, 3 Amex/Diners/JCB, 4 Visa, 5 Mastercard/Maestro, 6 Discover/UnionPay/Maestro).
// Not after "+" (an international phone number) nor inside a longer token.
const CARD = /(?<![\w+.-])[2-6](?:[ -]?\d){12,18}(?![\w-]|\.\d)/g;

// Digit groups joined by single separators (space, dot, dash) or parentheses, optionally led by "+"
// or "00". Classified by isPhone(): the shape alone would also take dates and order numbers.
const PHONE_CANDIDATE = /(?<![\w+@/.:,-])\+?\(?\d{1,5}\)?(?:[ .-]?\(?\d{1,5}\)?){1,6}(?![\w@]|[.:/,-]\d)/g;

// North American 10-digit numbers, optionally with the country code 1: 555-123-4567, (555) 123 4567.
const NANP = /^(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]\d{4}$/;

/** Luhn checksum, the check digit of every payment card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Whether a digit sequence is a phone number: international (+ or 00 then a country code) with
 * 8-15 digits (E.164), a North American number, or a national number with a trunk prefix 0
 * (0xx..., 9-12 digits). Bare digit runs without a leading 0 or + (order numbers) and short groups
 * (dates, times, prices) are not.
 */
export function isPhone(candidate: string): boolean {
  const s = candidate.trim();
  const digits = s.replace(/\D/g, '');
  if (s.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  if (/^00[1-9]/.test(digits)) return digits.length - 2 >= 8 && digits.length - 2 <= 15;
  if (NANP.test(s)) return true;
  const grouped = /[ .()-]/.test(s);
  if (!/^\(?0[1-9]/.test(s)) return false;
  // A trunk-prefixed national number: 020 7946 0958, 06 12 34 56 78, (030) 1234567, 0612345678.
  return grouped ? digits.length >= 9 && digits.length <= 12 : digits.length >= 10 && digits.length <= 11;
}

/** The text with emails, card numbers (Luhn-checked) and phone numbers replaced by placeholders. */
export function redactPii(text: string): string {
  return text
    .replace(EMAIL, PLACEHOLDERS.email)
    .replace(CARD, (m) => (luhnValid(m.replace(/\D/g, '')) ? PLACEHOLDERS.card : m))
    .replace(PHONE_CANDIDATE, (m) => {
      // "(+44 20 7946 0958)": the closing parenthesis belongs to the sentence, not the number.
      const unbalanced = m.endsWith(')') && m.split('(').length < m.split(')').length;
      const phone = unbalanced ? m.slice(0, -1) : m;
      return isPhone(phone) ? PLACEHOLDERS.phone + (unbalanced ? ')' : '') : m;
    });
}
