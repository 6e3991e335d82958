/**
 * Characters a terminal acts on rather than shows: C0 and C1 controls (ESC starts screen
 * clears, title changes and hyperlinks; CR overwrites the line), DEL, and the bidirectional
 * overrides and isolates that reorder what follows them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A stored value as the terminal should show it: every control character written as its
 * `\u001b`-style escape, so that a field can never clear the screen, set the title, hide a link
 * or move the cursor. Printable text, emoji and right-to-left letters stay as they are.
 */
export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The latest instant a JavaScript Date holds: 8.64e15 ms after the epoch (year 275760). */
const MAX_DATE_MS = 8.64e15;

/**
 * An `expiresAt` as an ISO date, or, past what a Date can hold (any integer up to 2^53-1 is a
 * valid expiresAt), a note saying so instead of failing with "Invalid time value".
 */
export function expiryText(expiresAt: number): string {
  return expiresAt <= MAX_DATE_MS ? new Date(expiresAt).toISOString() : 'after +275760-09-13';
}
