import { isMap, isScalar, parseDocument, visit } from "yaml";

/**
 * Whether `text` can be a YAML mapping: its first line that is not blank, a comment or `---` starts with a plain
 * or quoted key and a colon. Anything else (a flow collection, a list, only comments) is not a request in YAML, and
 * is not handed to the YAML parser at all: `[` repeated 60,000 times costs it 150 ms.
 */
export function looksLikeYamlMapping(text: string): boolean {
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed === "---" || trimmed.startsWith("#")) continue;
    return KEY_LINE.test(trimmed);
  }
  return false;
}

/** A line that starts with a plain or quoted key and a colon. */
const KEY_LINE = /^["']?[A-Za-z_][\w-]*["']?[ \t]*:/;

/** The most top-level keys a YAML request may have: a request has a dozen properties, each once. */
export const MAX_YAML_KEYS = 100;

/**
 * How many lines of `text` start, unindented, with a key: the top-level keys of a YAML mapping (an upper bound).
 * Counted before parsing, so that a file of thousands of keys is refused without paying the parser for each
 * (about 7 µs of CPU a key).
 */
export function topLevelKeyLines(text: string): number {
  let count = 0;
  for (const line of text.split("\n")) if (KEY_LINE.test(line)) count++;
  return count;
}

/** The first key that occurs twice in one mapping of `doc`, scalars compared by value; `undefined` when none. */
function duplicateKey(doc: ReturnType<typeof parseDocument>): unknown {
  let duplicate: unknown;
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          duplicate = pair.key.value;
          return visit.BREAK;
        }
        seen.add(pair.key.value);
      }
      return undefined;
    },
  });
  return duplicate;
}

/**
 * `parse(text, { maxAliasCount: 10, uniqueKeys: true, logLevel: "error" })` of the `yaml` package in linear time:
 * its own duplicate-key check compares each key with every earlier one (6,000 keys: 0.5 s), so keys are checked
 * here with a set instead. Throws, as `parse` does, on the first error or duplicate key.
 */
export function parseRequestYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false, logLevel: "error" });
  if (doc.errors.length > 0) throw doc.errors[0];
  const duplicate = duplicateKey(doc);
  if (duplicate !== undefined) throw new Error(`the key ${JSON.stringify(duplicate)} occurs twice in one mapping`);
  return doc.toJS({ maxAliasCount: 10 });
}
