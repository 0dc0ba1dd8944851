import { trimAscii } from "./split-list.js";

/** A word that is an e-mail address, possibly in `<...>` as mail clients write it. */
// Dots split the domain into labels that hold none, so there is one way to match: linear time on any word.
const EMAIL_WORD = /^<?[^\s@<>]+@[^\s@<>.]+(?:\.[^\s@<>.]+)+>?$/;
/** Sentence punctuation: a word carrying it (`me.`, `I'd`, `(later)`) is prose, never a login. */
const PROSE_MARK = /[.!?'"\u2018\u2019\u201c\u201d\u2026():]/;
/** A list bullet at the start of a line: `- `, `* `, `+ `, `1. `, `1) `, with or without a task box. */
export const BULLET = /^(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/;

/** Why an item of a login list is not a login. */
export type NotLoginReason = "email" | "words" | "prose";

/**
 * One item of a login list as typed: a login candidate (without `@`; the schema checks its shape) or something
 * that is certainly not a login, with the reason.
 */
export type LoginItem = { login: string } | { text: string; reason: NotLoginReason };

/** Whether a word is an e-mail address (`ada@example.org`, `<ada@example.org>`). */
export function isEmail(word: string): boolean {
  return EMAIL_WORD.test(word);
}

function isProse(word: string): boolean {
  return !isEmail(word) && PROSE_MARK.test(word);
}

function stripAt(word: string): string {
  return word.startsWith("@") ? word.slice(1) : word;
}

/**
 * The items of an answer that should list GitHub logins. The rule that tells a list from prose:
 * - items are separated by line breaks, commas and semicolons (Markdown bullets removed);
 * - a line with a word carrying sentence punctuation (`me.`, `I'd`, `(optional)`, `eventually…`) is prose as a
 *   whole: one item, its commas do not split it;
 * - an item of one word is a login candidate (its shape is checked by the schema), or an e-mail address;
 * - an item of several words is a list of logins only when every word starts with `@` (`@alice @bob`); otherwise it
 *   is a full name or a sentence ("Dylan Stewart", "mattdm To start").
 * What is not a login comes back as text with the reason, so it is reported and never looked up word by word.
 */
export function readLogins(text: string): LoginItem[] {
  const items: LoginItem[] = [];
  for (const rawLine of text.split("\n")) {
    const line = trimAscii(rawLine).replace(BULLET, "");
    if (line === "") continue;
    if (line.split(/[ \t,;]+/).some(isProse)) {
      items.push({ text: line, reason: "prose" });
      continue;
    }
    for (const part of line.split(/[,;]/)) {
      const item = trimAscii(part);
      if (item === "") continue;
      const words = item.split(/[ \t]+/);
      if (words.length === 1) {
        items.push(isEmail(item) ? { text: item, reason: "email" } : { login: stripAt(item) });
      } else if (words.every((w) => w.length > 1 && w.startsWith("@") && !isEmail(w))) {
        for (const w of words) items.push({ login: stripAt(w) });
      } else {
        items.push({ text: item, reason: words.some(isEmail) ? "email" : "words" });
      }
    }
  }
  return items;
}

/** What a person should be told about an item that is not a login. */
export function notLoginMessage(item: { text: string; reason: NotLoginReason }): string {
  const shown = item.text.length > 80 ? `${item.text.slice(0, 77)}...` : item.text;
  switch (item.reason) {
    case "email":
      return `'${shown}' is an e-mail address, not a GitHub login`;
    case "words":
      return `'${shown}' is several words (a name or a sentence), not a GitHub login`;
    case "prose":
      return `'${shown}' is a sentence, not a list of GitHub logins`;
  }
}

/** What would be right for a field that must list GitHub logins. */
export const LOGIN_LIST_EXPECTED = "list GitHub logins, one per line or separated by commas, for example 'octocat, hubot'";
