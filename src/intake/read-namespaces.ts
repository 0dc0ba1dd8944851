import type { OnboardingRequest } from "../types.js";
import { BULLET } from "./read-logins.js";
import { trimAscii } from "./split-list.js";

/** One namespace as listed in the namespaces field, with the tier typed next to it (as typed, not yet mapped). */
export interface NamespaceEntry {
  name: string;
  tier?: string;
}

/** `name: tier`, `name = tier` or `name (tier)`. */
const WITH_TIER = /^(\S+?)[ \t]*(?::[ \t]*(.+)|=[ \t]*(.+)|\([ \t]*([^()]+?)[ \t]*\))$/;

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
      const m = WITH_TIER.exec(item);
      const tier = m ? trimAscii(m[2] ?? m[3] ?? m[4] ?? "") : "";
      if (m && tier !== "") {
        entries.push({ name: m[1] ?? "", tier });
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
    const m = WITH_TIER.exec(line);
    if (!m || !known.has(m[1] ?? "")) continue;
    const tier = trimAscii(m[2] ?? m[3] ?? m[4] ?? "");
    if (tier !== "" && !/\s/.test(tier)) entries.push({ name: m[1] ?? "", tier });
  }
  return entries;
}

/** The tier of one namespace of a request: its own (`namespaceTiers`) or the request's. */
export function namespaceTier(request: Pick<OnboardingRequest, "quotaTier" | "namespaceTiers">, namespace: string): string {
  const own = request.namespaceTiers && Object.hasOwn(request.namespaceTiers, namespace) ? request.namespaceTiers[namespace] : undefined;
  return own ?? request.quotaTier;
}
