import { z } from "zod";
import { configSchema } from "./schema.js";

/**
 * Generated documentation of the configuration: the JSON Schema in `schemas/config.schema.json` and the table in the
 * README, both derived from {@link configSchema} so they cannot drift from the code (`npm run schemas` writes them,
 * `test/docs/generated-docs.test.ts` fails when the committed copies differ).
 */

/** `$id` of the configuration schema; editors match `.github/onboarding-bot.yml` files against it. */
export const CONFIG_SCHEMA_ID = "urn:onboarding-bot:schemas:config";

/** Where the generated JSON Schema lives, relative to the repository root. */
export const CONFIG_SCHEMA_PATH = "schemas/config.schema.json";
/** The document whose `config-reference` section is generated, relative to the repository root. */
export const README_PATH = "README.md";

/** Name of the README section between `<!-- config-reference:start -->` and `<!-- config-reference:end -->`. */
export const CONFIG_REFERENCE_SECTION = "config-reference";

/** A JSON Schema node as zod emits it; only the keywords the reference reads are typed. */
interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  minimum?: number;
  maximum?: number;
  [keyword: string]: unknown;
}

/**
 * The JSON Schema (draft 2020-12) of the configuration file as a person writes it (`io: "input"`: fields with
 * defaults are optional), with `$id`, title and description.
 */
export function buildConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: "input" }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: "onboarding-bot configuration",
    description:
      "Configuration of onboarding-bot, read from .github/onboarding-bot.yml in the repository where onboarding requests are filed. Generated from src/config/schema.ts by `npm run schemas`.",
    ...rest,
  };
}

/** The schema file's exact text: two-space JSON with a trailing newline. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function code(value: unknown): string {
  const text = JSON.stringify(value);
  // Backticks inside a value would end the code span early; use a longer fence then.
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function typeOf(node: SchemaNode): string {
  if (Array.isArray(node.enum)) return node.enum.map((v) => code(v)).join(" | ");
  if ("const" in node) return code(node.const);
  if (Array.isArray(node.anyOf)) return (node.anyOf as SchemaNode[]).map(typeOf).join(" | ");
  const type = Array.isArray(node.type) ? node.type.join(" | ") : (node.type ?? "any");
  if (type === "array") return `${node.items ? typeOf(node.items) : "any"}[]`;
  if (type === "object" && !node.properties && typeof node.additionalProperties === "object") {
    return `map of ${typeOf(node.additionalProperties)}`;
  }
  if (type === "integer" || type === "number") {
    const { minimum, maximum } = node;
    if (minimum !== undefined && maximum !== undefined) return `${type} (${minimum}–${maximum})`;
    if (minimum !== undefined) return `${type} (≥ ${minimum})`;
    if (maximum !== undefined) return `${type} (≤ ${maximum})`;
  }
  return type;
}

interface Row {
  key: string;
  type: string;
  defaultText: string;
  description: string;
}

function collect(node: SchemaNode, prefix: string, rows: Row[]): void {
  const required = new Set(node.required ?? []);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const key = prefix === "" ? name : `${prefix}.${name}`;
    const isObject = child.type === "object" && child.properties !== undefined;
    let defaultText = "";
    if (required.has(name)) defaultText = "**required**";
    // An object's default is the sum of its fields' defaults, listed on their own rows.
    else if (child.default !== undefined && !isObject) defaultText = code(child.default);
    rows.push({ key, type: typeOf(child), defaultText, description: child.description ?? "" });
    if (isObject) collect(child, key, rows);
    else if (child.type === "array" && child.items?.properties) collect(child.items, `${key}[]`, rows);
  }
}

/**
 * The configuration reference in markdown: one table row per key path (`clusters[].overlay`) with its type, its
 * default (or **required**) and its description, in the order of the schema.
 */
export function renderConfigReference(): string {
  const rows: Row[] = [];
  collect(buildConfigJsonSchema() as SchemaNode, "", rows);
  const lines = [
    "<!-- Generated from src/config/schema.ts by `npm run schemas`; do not edit by hand. -->",
    "",
    "| Key | Type | Default | Description |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| \`${r.key}\` | ${cell(r.type)} | ${cell(r.defaultText)} | ${cell(r.description)} |`),
  ];
  return `${lines.join("\n")}\n`;
}

function markers(section: string): { start: string; end: string } {
  return { start: `<!-- ${section}:start -->`, end: `<!-- ${section}:end -->` };
}

/** The text between a section's start and end markers, or `undefined` when the markers are missing or out of order. */
export function extractMarkedSection(document: string, section: string): string | undefined {
  const { start, end } = markers(section);
  const from = document.indexOf(start);
  const to = document.indexOf(end, from + start.length);
  if (from === -1 || to === -1) return undefined;
  return document.slice(from + start.length, to).replace(/^\n/, "");
}

/**
 * Replaces what is between `<!-- section:start -->` and `<!-- section:end -->` with `content`, leaving everything
 * else byte for byte. Throws when the markers are missing, so generated text is never appended somewhere unexpected.
 */
export function replaceMarkedSection(document: string, section: string, content: string): string {
  const { start, end } = markers(section);
  const from = document.indexOf(start);
  const to = document.indexOf(end, from + start.length);
  if (from === -1 || to === -1) {
    throw new Error(`config-reference: the document has no '${start}' ... '${end}' markers (in that order) to replace between`);
  }
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return `${document.slice(0, from + start.length)}\n${body}${document.slice(to)}`;
}
