import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsCardNumber, luhnValid, maskCardNumbers } from '../../../../functions/domain/privacy';

describe('luhnValid', () => {
  it.each([
    ['4242424242424242', true],
    ['4111111111111111', true],
    ['378282246310005', true],
    ['4242424242424241', false],
    ['1234567812345678', false],
    ['', false],
  ])('%s → %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});

describe('maskCardNumbers', () => {
  it.each([
    ['my card is 4242424242424242 thanks', 'my card is ••••••••••••4242 thanks'],
    ['4242 4242 4242 4242', '•••• •••• •••• 4242'],
    ['4111-1111-1111-1111 exp 12/26', '••••-••••-••••-1111 exp 12/26'],
    ['card 4242 4242 4242 4242 12/26 cvc 123', 'card •••• •••• •••• 4242 12/26 cvc 123'],
    ['amex 3782 822463 10005', 'amex •••• •••••• •0005'],
    ['two: 4242424242424242 and 5555555555554444', 'two: ••••••••••••4242 and ••••••••••••4444'],
  ])('masks %j', (text, masked) => {
    expect(maskCardNumbers(text)).toBe(masked);
  });

  it.each([
    ['order 1234567812345678 (not Luhn-valid)', 'order 1234567812345678 (not Luhn-valid)'],
    ['call +1 415 555 0100', 'call +1 415 555 0100'],
    ['tracking 4242424242424242424242', 'tracking 4242424242424242424242'],
    ['short 424242424242', 'short 424242424242'],
    ['no digits at all', 'no digits at all'],
  ])('leaves %j alone', (text, same) => {
    expect(maskCardNumbers(text)).toBe(same);
  });

  it('never leaves a Luhn-valid 16-digit card readable, wherever it sits in the text', () => {
    const luhnCard = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }).map((d) => {
      const body = d.join('');
      const check = [...'0123456789'].find((c) => luhnValid(body + c)) as string;
      return body + check;
    });
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }).map((s) => s.replace(/\d/g, 'x')), luhnCard, fc.string({ maxLength: 40 }).map((s) => s.replace(/\d/g, 'y')), (before, card, after) => {
        const masked = maskCardNumbers(`${before} ${card} ${after}`);
        expect(masked).not.toContain(card);
        expect(masked).toContain(card.slice(-4));
        expect(containsCardNumber(masked)).toBe(false);
      }),
    );
  });

  it('is idempotent and keeps the text length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: fc.constantFrom('4', '2', '1', ' ', '-', 'a') }), (text) => {
        const once = maskCardNumbers(text);
        expect(maskCardNumbers(once)).toBe(once);
        expect(once.length).toBe(text.length);
      }),
    );
  });
});
