import path from "node:path";
import { Document, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { plainIsSafe, toYaml } from "./yaml-output.js";

/** The list keys of a kustomization the bot edits. */
export type KustomizationListKey = "resources" | "components";

/** Outcome of {@link addEntry}: the new file content (unchanged when the entry was there), or why it cannot be edited. */
export type AddEntryResult = { content: string; changed: boolean } | { error: string };

/** Outcome of {@link addEntries}: the new content and the entries actually added, or why the file cannot be edited. */
export type AddEntriesResult = { content: string; added: string[] } | { error: string };

interface IndentStyle {
  /** Width of one indentation step. */
  indent: number;
  /** Whether block sequences under a key are indented (`key:\n  - x`) rather than flush (`key:\n- x`). */
  indentSeq: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing, cached: an overlay is read for reachability and again for editing, and the same base commit serves many
// requests; parsing a 300-entry overlay costs more than the rest of a rendering.

const MAX_CACHED_DOCUMENTS = 32;
const documents = new Map<string, Document.Parsed>();

/** The parsed document of `source`, shared: callers must not mutate it (clone first). */
function parsedDocument(source: string): Document.Parsed {
  const cached = documents.get(source);
  if (cached) {
    documents.delete(source);
    documents.set(source, cached);
    return cached;
  }
  const doc = parseDocument(source, { version: "1.2" });
  if (documents.size >= MAX_CACHED_DOCUMENTS) documents.delete(documents.keys().next().value as string);
  documents.set(source, doc);
  return doc;
}

type ParsedKustomization = { doc: Document.Parsed; root: YAMLMap; current: YAMLSeq | undefined; present: boolean } | { error: string };

/** Parses a kustomization and finds the list under `key`; anything but a block mapping with a list (or nothing) there is an error. */
function parseKustomization(source: string, key: KustomizationListKey): ParsedKustomization {
  const doc = parsedDocument(source);
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    return { error: `edit-kustomization: the file is not valid YAML (${first?.message.split("\n")[0] ?? "parse error"}); expected a kustomization mapping` };
  }
  const root = doc.contents;
  if (!isMap(root) || root.flow) {
    return { error: "edit-kustomization: the document is not a block mapping; expected a kustomization with keys such as 'resources'" };
  }
  const current = root.get(key, true);
  if (current !== undefined && !(isScalar(current) && current.value === null) && !isSeq(current)) {
    return { error: `edit-kustomization: '${key}' is not a list; expected '${key}:' followed by '- path' entries` };
  }
  if (isSeq(current) && current.items.some((item) => !isScalar(item) || (item.value !== null && typeof item.value !== "string"))) {
    return { error: `edit-kustomization: '${key}' holds entries that are not plain paths; expected a list of strings` };
  }
  return { doc, root, current: isSeq(current) ? current : undefined, present: current !== undefined };
}

function valuesOf(seq: YAMLSeq): Array<string | undefined> {
  return seq.items.map((item) => (isScalar(item) && typeof item.value === "string" ? item.value : undefined));
}

// ---------------------------------------------------------------------------------------------------------------
// Where entries go.

/**
 * Where a new entry goes: among its siblings (entries in the same parent directory, e.g. the other namespaces), before
 * the first that sorts after it, else right after the last sibling. With no siblings the whole list is used the same
 * way. In a sorted list this is the sorted position; in an unsorted one the entry goes before the first entry that
 * sorts after it. Comparison is by UTF-16 code units, independent of locale.
 */
function insertionIndex(values: ReadonlyArray<string | undefined>, entry: string): { index: number; sibling: boolean } {
  const dir = path.posix.dirname(entry);
  let candidates = values.flatMap((v, i) => (v !== undefined && path.posix.dirname(v) === dir ? [i] : []));
  const sibling = candidates.length > 0;
  if (!sibling) candidates = values.flatMap((v, i) => (v !== undefined ? [i] : []));
  for (const i of candidates) {
    if ((values[i] as string) > entry) return { index: i, sibling };
  }
  const last = candidates[candidates.length - 1];
  return { index: last === undefined ? values.length : last + 1, sibling };
}

/**
 * One item of a list being edited: a parsed item, or a new entry. `hasComment` says whether the comment and blank
 * lines right above the next parsed item stay above this one (it took them over) or not.
 */
interface Slot {
  node?: Node;
  entry?: string;
  hasComment: boolean;
}

/**
 * Places each new entry (in sorted order) with {@link insertionIndex}. A new entry that goes before a sibling, or at
 * the top, takes over the comment and blank lines above the item it displaces, so `# tenants` stays above the tenants.
 */
function planInsertions(items: readonly Node[], wanted: readonly string[]): Slot[] {
  // Every parsed item starts out owning the comment and blank lines directly above it (if any).
  const slots: Slot[] = items.map((node) => ({ node, hasComment: true }));
  for (const entry of wanted) {
    const values = slots.map((s) => s.entry ?? (isScalar(s.node) && typeof s.node.value === "string" ? s.node.value : undefined));
    const { index, sibling } = insertionIndex(values, entry);
    const slot: Slot = { entry, hasComment: false };
    const displaced = slots[index];
    if ((sibling || index === 0) && displaced) {
      slot.hasComment = displaced.hasComment;
      displaced.hasComment = false;
    }
    slots.splice(index, 0, slot);
  }
  return slots;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing.

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Offset just past the end of the line holding `offset`. */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl === -1 ? text.length : nl + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** A new list entry as YAML text: plain when that reads back as the same string in YAML 1.1 and 1.2, else quoted. */
function scalarText(entry: string): string {
  return plainIsSafe(entry) ? entry : toYaml(entry).replace(/\n$/, "");
}

/**
 * Writes the new entries into the original text of a block sequence as whole lines, leaving every other byte alone
 * (comments, blank lines, CRLF, a trailing comment). A run of new entries goes before the next parsed item (below that
 * item's leading comment when the run took it over, above it otherwise), or after the last parsed item, with the
 * neighbour's exact `- ` indentation. `undefined` when an item's line does not look like `<spaces>- value`.
 */
function spliceSlots(text: string, slots: readonly Slot[], eol: string): string | undefined {
  const inserts: Array<{ at: number; text: string }> = [];
  for (let i = 0; i < slots.length; ) {
    if (slots[i]?.node) {
      i++;
      continue;
    }
    let j = i;
    while (j < slots.length && !slots[j]?.node) j++;
    const run = slots.slice(i, j);
    const next = slots[j]?.node?.range;
    const prev = slots[i - 1]?.node?.range;
    const anchor = next ?? prev;
    if (!anchor) return undefined;
    const dash = text.slice(lineStart(text, anchor[0]), anchor[0]);
    if (!/^[ ]*-[ ]+$/.test(dash)) return undefined;
    const lines = run.map((slot) => `${dash}${scalarText(slot.entry as string)}${eol}`).join("");
    if (next) {
      let at = lineStart(text, next[0]);
      const floor = prev ? lineEnd(text, prev[1]) : 0;
      while (!run[0]?.hasComment && at > floor) {
        const above = lineStart(text, at - 1);
        const content = text.slice(above, at).trim();
        if (content !== "" && !content.startsWith("#")) break;
        at = above;
      }
      inserts.push({ at, text: lines });
    } else if (prev) {
      const at = lineEnd(text, prev[1]);
      inserts.push({ at, text: (at === text.length && !text.endsWith("\n") ? eol : "") + lines });
    }
    i = j;
  }
  let out = text;
  for (const { at, text: insert } of inserts.sort((x, y) => y.at - x.at)) out = out.slice(0, at) + insert + out.slice(at);
  return out;
}

/** Finds the indentation of the first nested block mapping, the step a person used for `metadata:\n  name:`. */
function nestedMapIndent(root: YAMLMap, text: string): number | undefined {
  for (const pair of root.items) {
    const value = pair.value;
    if (isMap(value) && !value.flow && value.items.length > 0 && isScalar(pair.key)) {
      const first = value.items[0]?.key;
      if (isScalar(first) && first.range && pair.key.range) {
        const step = column(text, first.range[0]) - column(text, pair.key.range[0]);
        if (step > 0) return step;
      }
    }
  }
  return undefined;
}

/** Detects the file's sequence style from a top-level block sequence (indented or flush, and the indent width). */
function detectIndent(root: YAMLMap, text: string): IndentStyle {
  for (const pair of root.items) {
    const seq = pair.value;
    if (!isSeq(seq) || seq.flow || seq.items.length === 0 || !isScalar(pair.key) || !pair.key.range || !seq.range) continue;
    const dashCol = column(text, seq.range[0]);
    const keyCol = column(text, pair.key.range[0]);
    if (dashCol > keyCol) return { indent: dashCol - keyCol, indentSeq: true };
    return { indent: nestedMapIndent(root, text) ?? 2, indentSeq: false };
  }
  return { indent: nestedMapIndent(root, text) ?? 2, indentSeq: true };
}

/** True when `candidate` is `original` with exactly `added` lines inserted (anywhere) and no line changed or removed. */
function isPureInsertion(original: string, candidate: string, added: number): boolean {
  const a = original.split("\n");
  const b = candidate.split("\n");
  if (b.length !== a.length + added) return false;
  let i = 0;
  for (let j = 0; j < b.length && i < a.length; j++) if (a[i] === b[j]) i++;
  return i === a.length;
}

function entryNode(entry: string): Scalar<string> {
  const node = new Scalar(entry);
  if (!plainIsSafe(entry)) node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

/** Inserts `entry` into a (cloned) sequence node at its place, taking over the leading comment it displaces. */
function insertNode(seq: YAMLSeq, entry: string): void {
  const { index, sibling } = insertionIndex(valuesOf(seq), entry);
  const node = entryNode(entry);
  const displaced = seq.items[index] as Node | undefined;
  if ((sibling || index === 0) && displaced && !seq.flow) {
    node.commentBefore = displaced.commentBefore;
    node.spaceBefore = displaced.spaceBefore;
    displaced.commentBefore = undefined;
    displaced.spaceBefore = false;
  }
  seq.items.splice(index, 0, node);
}

/**
 * The Document API path, for what text splicing does not cover (a flow list, a missing or empty key, an unusual item
 * line): edits a clone of the parsed document and stringifies it with `flowCollectionPadding: false` and the file's
 * detected indentation. A new key whose stringified form would change other lines is appended as text instead.
 */
function stringifyEdit(source: string, parsed: Exclude<ParsedKustomization, { error: string }>, key: KustomizationListKey, wanted: string[]): string {
  const doc = parsed.doc.clone();
  const root = doc.contents as YAMLMap<unknown, unknown>;
  const style = detectIndent(parsed.root, source);
  const options = { flowCollectionPadding: false, lineWidth: 0, indent: style.indent, indentSeq: style.indentSeq };
  const seq = root.get(key, true);
  if (isSeq(seq)) {
    for (const entry of wanted) insertNode(seq, entry);
    return doc.toString(options);
  }
  const fresh = new YAMLSeq();
  for (const entry of wanted) fresh.items.push(entryNode(entry));
  if (parsed.present) {
    root.set(key, fresh);
    return doc.toString(options);
  }
  root.add(doc.createPair(key, fresh));
  const candidate = doc.toString(options);
  if (isPureInsertion(source, candidate, wanted.length + 1) || source.includes("\r\n")) return candidate;
  const pad = source === "" || source.endsWith("\n") ? "" : "\n";
  const dash = style.indentSeq ? " ".repeat(style.indent) : "";
  return `${source}${pad}${key}:\n${wanted.map((entry) => `${dash}- ${scalarText(entry)}\n`).join("")}`;
}

/**
 * Adds entries to the `resources` or `components` list of a kustomization file with a minimal edit: the file is parsed
 * with the `yaml` Document API (cached per content), each new entry is placed in sorted position among its siblings
 * (entries in the same directory; in an unsorted list, before the first entry that sorts after it) and written as one
 * new line with the neighbouring entry's exact indentation, so comments, blank lines, key order, CRLF and every other
 * byte stay as they were: a new entry is a one-line diff. A missing or empty key, or a flow list, is edited through the
 * Document API and stringified with the file's detected indentation (width, indented or flush sequences) and
 * `flowCollectionPadding: false`. Entries already present are skipped. Malformed YAML, several documents, a document
 * that is not a mapping, or a key whose value is not a list of strings is reported as `error`, never thrown.
 */
export function addEntries(source: string, key: KustomizationListKey, entries: readonly string[]): AddEntriesResult {
  const parsed = parseKustomization(source, key);
  if ("error" in parsed) return parsed;
  const existing = new Set(parsed.current ? valuesOf(parsed.current) : []);
  const wanted = [...new Set(entries)].filter((e) => !existing.has(e)).sort();
  if (wanted.length === 0) return { content: source, added: [] };
  const current = parsed.current;
  if (current && !current.flow && current.items.length > 0) {
    const eol = source.includes("\r\n") ? "\r\n" : "\n";
    const spliced = spliceSlots(source, planInsertions(current.items as Node[], wanted), eol);
    if (spliced !== undefined) return { content: spliced, added: wanted };
  }
  return { content: stringifyEdit(source, parsed, key, wanted), added: wanted };
}

/**
 * Adds one entry to the `resources` or `components` list of a kustomization file with a minimal edit; see
 * {@link addEntries}. A new entry in an existing list is a one-line diff; an entry already present is a no-op
 * (`changed: false`, the source returned as is).
 */
export function addEntry(source: string, key: KustomizationListKey, entry: string): AddEntryResult {
  const result = addEntries(source, key, [entry]);
  if ("error" in result) return result;
  return { content: result.content, changed: result.added.length > 0 };
}

/**
 * Reads the string entries of `resources` and `components` of a kustomization file; `error` when the file is not a
 * kustomization mapping. Used to follow overlays (reachability) and to check what an overlay already lists.
 */
export function readEntries(source: string): { resources: string[]; components: string[] } | { error: string } {
  const doc = parsedDocument(source);
  if (doc.errors.length > 0) {
    return { error: `the file is not valid YAML (${doc.errors[0]?.message.split("\n")[0] ?? "parse error"}); expected a kustomization mapping` };
  }
  const root = doc.contents;
  if (!isMap(root)) return { error: "the document is not a mapping; expected a kustomization with keys such as 'resources'" };
  const list = (key: KustomizationListKey): string[] => {
    const node = root.get(key, true);
    if (!isSeq(node)) return [];
    return valuesOf(node).filter((v): v is string => v !== undefined);
  };
  return { resources: list("resources"), components: list("components") };
}
