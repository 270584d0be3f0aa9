/**
 * E-mail addresses, pure: what the mail feature accepts as a recipient.
 * Deliberately a plausibility check, not RFC 5322: it refuses what is obviously
 * not one address (no @, spaces, several addresses, header breaks) and leaves the
 * rest to the mail server, whose refusal is recorded on the letter.
 */

/** Longest address SMTP carries (RFC 5321: 256 octets in a path, minus the brackets). */
export const MAX_ADDRESS_LENGTH = 254;

// One local part, one domain of dot-separated labels. A single-label domain
// (`localhost`) is allowed: test and intranet servers use them.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)*$/u;

/** Whether the text contains a line break: in a header it would start a header of its own. */
export function hasLineBreak(text: string): boolean {
  return /[\r\n]/.test(text);
}

/** Whether `text` is one plausible address such as `name@example.gov.cn`. */
export function isMailAddress(text: string): boolean {
  return text.length <= MAX_ADDRESS_LENGTH && ADDRESS.test(text);
}
