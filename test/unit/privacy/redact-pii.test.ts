import { describe, expect, it } from 'vitest';
import { isPhone, luhnValid, redactPii } from '@/services/privacy/redact-pii';

describe('redactPii', () => {
  it('replaces emails', () => {
    expect(redactPii('write to jane.doe+shop@example.co.uk please')).toBe('write to [email] please');
    expect(redactPii('A@B.io and x_y@mail-server.de')).toBe('[email] and [email]');
  });

  it.each([
    ['+44 20 7946 0958', 'UK, international'],
    ['+1 (555) 123-4567', 'US, international'],
    ['(555) 123-4567', 'US, national'],
    ['555-123-4567', 'US, dashes'],
    ['555.123.4567', 'US, dots'],
    ['+33 6 12 34 56 78', 'France, international'],
    ['06 12 34 56 78', 'France, national'],
    ['0612345678', 'France, no separators'],
    ['+33612345678', 'E.164'],
    ['0049 30 1234567', 'Germany, 00 prefix'],
    ['(030) 1234567', 'Germany, area code in parentheses'],
    ['+49 151 23456789', 'German mobile'],
    ['020 7946 0958', 'UK, national'],
    ['+91 98765 43210', 'India'],
  ])('replaces the phone number %s (%s)', (phone) => {
    expect(redactPii(`I am Jane Doe, call me on ${phone}, thanks`)).toBe('I am Jane Doe, call me on [phone], thanks');
  });

  it('keeps the punctuation around a phone number', () => {
    expect(redactPii('Ring me (+44 20 7946 0958).')).toBe('Ring me ([phone]).');
    expect(redactPii('call +49 151 23456789!')).toBe('call [phone]!');
  });

  it.each([
    ['4111 1111 1111 1111', 'Visa, spaced'],
    ['4111-1111-1111-1111', 'Visa, dashes'],
    ['4111111111111111', 'Visa, plain'],
    ['5500 0000 0000 0004', 'Mastercard'],
    ['3782 822463 10005', 'Amex'],
    ['6011 1111 1111 1117', 'Discover'],
  ])('replaces the card number %s (%s)', (card) => {
    expect(redactPii(`my card is ${card} exp 12/27`)).toBe('my card is [card] exp 12/27');
  });

  it.each([
    'my order 123456789 has not arrived',
    'order #100234567',
    'ORD-2024-001234',
    'ticket 123-456-789',
    'on 2024-05-12 at 10:30',
    'delivered 12/05/2024',
    'since 12.05.2024',
    'it costs 1,299.00 or 12.95 euros',
    'postcode 75001 Paris, 3 items',
    'server 192.168.1.10 version 1.2.3',
    'tracking 1Z999AA10123456784',
    'not a card 4111 1111 1111 1112',
    'invoice 1234567812345678',
    'between 2019 and 2024, sizes 38 40 42',
  ])('leaves "%s" alone', (text) => {
    expect(redactPii(text)).toBe(text);
  });

  it('redacts several kinds in one message and leaves the rest', () => {
    expect(redactPii('Jane Doe, jane@example.com, +44 20 7946 0958, card 4111 1111 1111 1111, order 123456789')).toBe(
      'Jane Doe, [email], [phone], card [card], order 123456789',
    );
  });
});

describe('luhnValid and isPhone', () => {
  it('checks the Luhn digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('')).toBe(false);
  });

  it('needs a country code, a trunk 0 or the North American shape', () => {
    expect(isPhone('+44 20 7946 0958')).toBe(true);
    expect(isPhone('+12 34')).toBe(false); // too short for E.164
    expect(isPhone('123456789')).toBe(false);
    expect(isPhone('0001234567')).toBe(false);
  });
});
