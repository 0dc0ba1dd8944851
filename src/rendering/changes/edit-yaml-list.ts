import { YAMLSeq, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from "yaml";
import { plainIsSafe, toYaml } from "../yaml-output.js";

/** Outcome of an edit of a list in a YAML file: the new content, or why the file cannot be edited. */
export type ListEditResult = { content: string; changed: string[] } | { error: string };

interface ParsedList {
  doc: Document.Parsed;
  seq: YAMLSeq | undefined;
  values: Array<string | undefined>;
}

/** Parses `source` and finds the block or flow list under the top-level `key` (absent or null: no list). */
function parseList(source: string, key: string): ParsedList | { error: string } {
  const doc = parseDocument(source, { version: "1.2" });
  if (doc.errors.length > 0) return { error: `the file is not valid YAML (${doc.errors[0]?.message.split("\n")[0] ?? "parse error"})` };
  const root = doc.contents;
  if (!isMap(root)) return { error: "the document is not a mapping" };
  const node = root.get(key, true);
  if (node !== undefined && !(isScalar(node) && node.value === null) && !isSeq(node)) return { error: `'${key}' is not a list; expected '${key}:' followed by '- value' lines` };
  const seq = isSeq(node) ? node : undefined;
  // A login of digits reads as a number: every scalar counts, as the text it stands for.
  const values = seq ? seq.items.map((item) => (isScalar(item) && item.value !== null && typeof item.value !== "object" ? String(item.value) : undefined)) : [];
  return { doc, seq, values };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The `<spaces>- ` before an item when the item sits alone on its line (a trailing comment allowed), else undefined. */
function itemLine(text: string, node: Node): { start: number; end: number; dash: string } | undefined {
  const range = node.range;
  if (!range) return undefined;
  const start = lineStart(text, range[0]);
  const dash = text.slice(start, range[0]);
  if (!/^[ ]*-[ ]+$/.test(dash)) return undefined;
  const end = lineEnd(text, range[1]);
  const rest = text.slice(range[1], end);
  if (!/^[ \t]*(?:#[^\n]*)?\r?\n?$/.test(rest)) return undefined;
  return { start, end, dash };
}

/** A value as YAML scalar text: plain when that reads back as the same string in YAML 1.1 and 1.2, else quoted. */
export function scalarText(value: string): string {
  return plainIsSafe(value) ? value : toYaml(value).replace(/\n$/, "");
}

function stringify(doc: Document): string {
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

/**
 * Removes the items of the list under `key` whose value `match`es, each as exactly its own line (the line holding
 * `- value`, with its trailing comment): every other byte, comments above the item included, stays. A flow list or an
 * item not alone on its line is edited through the Document API instead. `changed` lists the values removed.
 */
export function removeListItems(source: string, key: string, match: (value: string) => boolean): ListEditResult {
  const parsed = parseList(source, key);
  if ("error" in parsed) return parsed;
  const { seq, values } = parsed;
  const hits = values.flatMap((v, i) => (v !== undefined && match(v) ? [i] : []));
  if (!seq || hits.length === 0) return { content: source, changed: [] };
  const changed = hits.map((i) => values[i] as string);
  const lines = seq.flow ? [] : hits.map((i) => itemLine(source, seq.items[i] as Node));
  if (!seq.flow && lines.every((l) => l !== undefined)) {
    let out = source;
    for (const line of [...lines].sort((a, b) => b.start - a.start)) out = out.slice(0, line.start) + out.slice(line.end);
    return { content: out, changed };
  }
  const doc = parsed.doc.clone();
  const clone = (doc.contents as { get(key: string, keep: true): unknown }).get(key, true) as YAMLSeq;
  const drop = new Set(hits);
  clone.items = clone.items.filter((_, i) => !drop.has(i));
  return { content: stringify(doc), changed };
}

/**
 * Inserts `values` (those not already listed, compared exactly) into the list under `key` as one new line each, with
 * the neighbouring item's exact `- ` indentation: in sorted position (case-insensitive) when the list holds two or more
 * items in sorted order, else at its end, so a person's order is kept. An absent, empty or flow list is edited through
 * the Document API.
 */
export function insertListItems(source: string, key: string, values: readonly string[]): ListEditResult {
  const parsed = parseList(source, key);
  if ("error" in parsed) return parsed;
  const { seq } = parsed;
  const present = new Set(parsed.values);
  const wanted = [...new Set(values)].filter((v) => !present.has(v));
  if (wanted.length === 0) return { content: source, changed: [] };
  const current = parsed.values.map((v) => v ?? "");
  const lower = current.map((v) => v.toLowerCase());
  // A list of one item says nothing about the person's order: new items go at its end.
  const sorted = lower.length > 1 && lower.every((v, i) => i === 0 || (lower[i - 1] as string) <= v);
  if (seq && !seq.flow && seq.items.length > 0) {
    const lines = seq.items.map((item) => itemLine(source, item as Node));
    if (lines.every((l) => l !== undefined)) {
      const eol = source.includes("\r\n") ? "\r\n" : "\n";
      const inserts: Array<{ at: number; text: string }> = [];
      for (const value of [...wanted].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))) {
        const index = sorted ? lower.findIndex((v) => v > value.toLowerCase()) : -1;
        const next = index === -1 ? undefined : lines[index];
        const last = lines[lines.length - 1] as { start: number; end: number; dash: string };
        const dash = (next ?? last).dash;
        const at = next ? next.start : last.end;
        const pad = !next && at === source.length && !source.endsWith("\n") ? eol : "";
        inserts.push({ at, text: `${pad}${dash}${scalarText(value)}${eol}` });
      }
      let out = source;
      // Stable for equal offsets: later values of one position go after earlier ones.
      for (const { at, text } of inserts.map((x, i) => ({ ...x, i })).sort((a, b) => b.at - a.at || b.i - a.i)) out = out.slice(0, at) + text + out.slice(at);
      return { content: out, changed: wanted };
    }
  }
  const doc = parsed.doc.clone();
  const root = doc.contents as unknown as { get(key: string, keep: true): unknown; set(key: string, value: unknown): void };
  const node = root.get(key, true);
  const list = isSeq(node) ? node : new YAMLSeq();
  for (const value of wanted) {
    const scalar = doc.createNode(value) as Scalar;
    if (!plainIsSafe(value)) scalar.type = "QUOTE_DOUBLE";
    list.items.push(scalar);
  }
  if (!isSeq(node)) root.set(key, list);
  return { content: stringify(doc), changed: wanted };
}

/**
 * Replaces the first item of the list under `key` whose value `match`es with `value`, in place: only that scalar's
 * text changes (a one-line diff). `changed` is empty when nothing matched.
 */
export function replaceListItem(source: string, key: string, match: (value: string) => boolean, value: string): ListEditResult {
  const parsed = parseList(source, key);
  if ("error" in parsed) return parsed;
  const index = parsed.values.findIndex((v) => v !== undefined && match(v));
  const node = index === -1 ? undefined : (parsed.seq?.items[index] as Node | undefined);
  if (!node?.range) return { content: source, changed: [] };
  const [start, end] = node.range;
  return { content: source.slice(0, start) + scalarText(value) + source.slice(end), changed: [parsed.values[index] as string] };
}

/** The string values of the list under `key` (non-strings left out); `error` when the file is not a mapping. */
export function listValues(source: string, key: string): string[] | { error: string } {
  const parsed = parseList(source, key);
  if ("error" in parsed) return parsed;
  return parsed.values.filter((v): v is string => v !== undefined);
}
