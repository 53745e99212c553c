/**
 * Card numbers never reach storage: a run of 13–19 digits (spaces or dashes allowed between
 * them, as people type them) that passes the Luhn check is masked down to its last four digits
 * before a message, note or ticket is written. Runs that fail Luhn (order numbers, phone
 * numbers) are left alone, so support conversations keep their references. Pure.
 */

/** 13 or more digits separated by at most one space or dash each. */
const CANDIDATE = /\d(?:[ -]?\d){12,}/g;
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;
const MASK = '•';

/** True when `digits` (only 0–9) passes the Luhn checksum. */
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
 * Masks the card numbers inside one run of digits. A card is a Luhn-valid group of 13–19
 * digits that starts and ends where the run does or at a space/dash, so a card typed right
 * before its expiry (`4242 4242 4242 4242 12/26`) is found, while a long reference number
 * without separators (a 22-digit tracking id) is never cut into a "card".
 */
function maskRun(run: string): string {
  const positions: number[] = [];
  const edges = new Set<number>([0]);
  for (let i = 0; i < run.length; i++) {
    if (run[i] === ' ' || run[i] === '-') edges.add(positions.length);
    else positions.push(i);
  }
  edges.add(positions.length);
  const digits = positions.map((i) => run[i]).join('');
  const chars = [...run];
  for (let start = 0; start + MIN_DIGITS <= digits.length; ) {
    const length = edges.has(start) ? cardLengthAt(digits, start, edges) : 0;
    if (length === 0) {
      start++;
      continue;
    }
    for (let k = start; k < start + length - 4; k++) chars[positions[k] as number] = MASK;
    start += length;
  }
  return chars.join('');
}

/** The length of the longest Luhn-valid card starting at `start` and ending at an edge, or 0. */
function cardLengthAt(digits: string, start: number, edges: ReadonlySet<number>): number {
  for (let length = Math.min(MAX_DIGITS, digits.length - start); length >= MIN_DIGITS; length--) {
    if (edges.has(start + length) && luhnValid(digits.slice(start, start + length))) return length;
  }
  return 0;
}

/** `text` with every Luhn-valid card number masked (`•••• •••• •••• 4242`). */
export function maskCardNumbers(text: string): string {
  return text.replace(CANDIDATE, maskRun);
}

/** True when `text` contains a card number that maskCardNumbers would hide. */
export function containsCardNumber(text: string): boolean {
  return maskCardNumbers(text) !== text;
}
