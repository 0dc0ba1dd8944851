function isAsciiSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Trims ASCII whitespace only: `String.prototype.trim` would also drop U+FEFF and U+00A0 from a name unseen.
 * Scans from both ends (linear time: a regular expression like `[ \t]+$` retries a long inner run from each of
 * its positions, which is quadratic).
 */
export function trimAscii(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** A list bullet at the start of a line: `- `, `* `, `+ `, `1. `, `1) `, with or without a task box. */
const BULLET = /^(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/;

/**
 * The items of a free-form list answer: one per line, or separated by commas, semicolons or spaces, with
 * Markdown bullets removed. Only ASCII whitespace separates items, so an invisible character stays inside the
 * item it was typed in (where validation refuses it) instead of vanishing.
 */
export function splitList(text: string): string[] {
  const items: string[] = [];
  for (const rawLine of text.split("\n")) {
    const line = trimAscii(rawLine).replace(BULLET, "");
    for (const part of line.split(/[ \t,;]+/)) {
      if (part !== "") items.push(part);
    }
  }
  return items;
}

/** A GitHub login as typed: without a leading `@`, case kept (the canonical spelling is looked up later). */
export function stripAt(login: string): string {
  return login.startsWith("@") ? login.slice(1) : login;
}

/** `values` without later duplicates, compared ignoring case; the first spelling is kept. */
export function dedupeCaseless(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const key = v.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}
