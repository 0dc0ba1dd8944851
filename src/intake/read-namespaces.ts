import type { OnboardingRequest } from "../types.js";
import { BULLET } from "./read-logins.js";
import { trimAscii } from "./split-list.js";

/** One namespace as listed in the namespaces field, with the tier typed next to it (as typed, not yet mapped). */
export interface NamespaceEntry {
  name: string;
  tier?: string;
}

/**
 * Splits `name: tier`, `name = tier` or `name (tier)` (blanks around the separator allowed; the name is the first
 * run of characters up to a blank or a separator). Scanned by hand, in one pass: the pattern it replaces could
 * backtrack polynomially on long runs of blanks.
 */
function withTier(item: string): { name: string; tier: string } | undefined {
  let end = 0;
  while (end < item.length && !" \t:=(".includes(item[end] as string)) end++;
  if (end === 0) return undefined;
  let at = end;
  while (item[at] === " " || item[at] === "\t") at++;
  const separator = item[at];
  let tier: string | undefined;
  if (separator === ":" || separator === "=") tier = item.slice(at + 1);
  else if (separator === "(" && item.endsWith(")")) {
    const inner = item.slice(at + 1, -1);
    if (!inner.includes("(") && !inner.includes(")")) tier = inner;
  }
  const trimmed = tier === undefined ? "" : trimAscii(tier);
  return trimmed === "" ? undefined : { name: item.slice(0, end), tier: trimmed };
}

/**
 * The namespaces of an answer, each with its own tier when one is typed next to it: `name: tier` (also `name = tier`
 * and `name (tier)`), one per line or separated by commas or semicolons; names without a tier may also be separated
 * by spaces. Markdown bullets are removed. Names and tiers are kept as typed: validation says what is wrong with them.
 */
export function readNamespaces(text: string): NamespaceEntry[] {
  const entries: NamespaceEntry[] = [];
  for (const rawLine of text.split("\n")) {
    const line = trimAscii(rawLine).replace(BULLET, "");
    for (const part of line.split(/[,;]/)) {
      const item = trimAscii(part);
      if (item === "") continue;
      const named = withTier(item);
      if (named) {
        entries.push(named);
        continue;
      }
      for (const word of item.split(/[ \t]+/)) if (word !== "") entries.push({ name: word });
    }
  }
  return entries;
}

/**
 * `namespace: tier` lines of a free-text custom quota (a request that asks for a tier per namespace there, as
 * people did before forms had a place for it), when every namespace line names one of `namespaces`. Lines that
 * are not of that shape (an introductory sentence) are skipped. Empty when there is no such line.
 */
export function readTierLines(text: string, namespaces: readonly string[]): NamespaceEntry[] {
  const known = new Set(namespaces);
  const entries: NamespaceEntry[] = [];
  for (const rawLine of text.split("\n")) {
    const line = trimAscii(rawLine).replace(BULLET, "");
    const named = withTier(line);
    if (!named || !known.has(named.name)) continue;
    if (!/\s/.test(named.tier)) entries.push(named);
  }
  return entries;
}

/** The tier of one namespace of a request: its own (`namespaceTiers`) or the request's. */
export function namespaceTier(request: Pick<OnboardingRequest, "quotaTier" | "namespaceTiers">, namespace: string): string {
  const own = request.namespaceTiers && Object.hasOwn(request.namespaceTiers, namespace) ? request.namespaceTiers[namespace] : undefined;
  return own ?? request.quotaTier;
}
