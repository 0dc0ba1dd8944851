import { createHash } from "node:crypto";
import { parse } from "yaml";
import type { ConfigProblem } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import type { FieldId } from "../types.js";
import { buildIssueForm } from "./build-issue-form.js";
import { fieldLabel, type FormFieldType } from "./fields.js";

/** A field of the bot's request a form element can answer (every field id but `body`). */
export type IntakeFieldId = Exclude<FieldId, "body">;

/** One element of the issue form that renders a `### <label>` heading in the issue body. */
export interface IntakeElement {
  /** The element's `id` in the form: the key `@github/issue-parser` returns its answer under. */
  formId: string;
  label: string;
  type: FormFieldType;
  /** Option texts of a dropdown or checkboxes element. */
  options: string[];
  /** The bot's field this element answers; absent for an element of a cloud form the bot does not read. */
  field?: IntakeFieldId;
}

/** The issue form requests are read with: the bot's generated form, or a cloud's own form mapped by `intake.fields`. */
export interface IntakeForm {
  /** Every element that renders a heading, in form order (mapped or not: each ends the answer above it). */
  elements: IntakeElement[];
  /** The element answering each of the bot's fields. */
  byField: ReadonlyMap<IntakeFieldId, IntakeElement>;
  /** The form as `@github/issue-parser` reads it (JSON, valid YAML): ids, types, labels and options only. */
  template: string;
  /** The label a person sees for each of the bot's fields in this form. */
  labels: ReadonlyMap<FieldId, string>;
  /** True for a cloud's own form (`intake.fields`), false for the generated one. */
  cloud: boolean;
}

/** The result of reading a cloud's issue form: the form, or what is wrong with it or its mapping. */
export type ResolvedIntakeForm = { ok: true; form: IntakeForm } | { ok: false; problems: ConfigProblem[] };

const TYPES: ReadonlySet<string> = new Set<FormFieldType>(["input", "textarea", "dropdown", "checkboxes"]);

/** Which element types can answer each field: names and texts are typed or picked, the acknowledgement is ticked. */
function typeFits(field: IntakeFieldId, type: FormFieldType): boolean {
  if (field === "acknowledgement") return type === "checkboxes";
  return type !== "checkboxes";
}

function parserTemplate(elements: readonly IntakeElement[]): string {
  const body = elements.map((el) => {
    if (el.type === "dropdown") return { type: el.type, id: el.formId, attributes: { label: el.label, options: el.options } };
    if (el.type === "checkboxes") {
      return { type: el.type, id: el.formId, attributes: { label: el.label, options: el.options.map((label) => ({ label })) } };
    }
    return { type: el.type, id: el.formId, attributes: { label: el.label } };
  });
  return JSON.stringify({ body });
}

function labelsOf(byField: ReadonlyMap<IntakeFieldId, IntakeElement>): Map<FieldId, string> {
  const labels = new Map<FieldId, string>();
  for (const [field, el] of byField) labels.set(field, el.label);
  // One free-text custom quota answers for its three parts: problems about them name the field the person filled.
  const custom = byField.get("custom_quota");
  if (custom) for (const part of ["custom_cpu", "custom_memory", "custom_storage"] as const) labels.set(part, custom.label);
  return labels;
}

function assemble(elements: IntakeElement[], cloud: boolean): IntakeForm {
  const byField = new Map<IntakeFieldId, IntakeElement>();
  for (const el of elements) if (el.field) byField.set(el.field, el);
  return { elements, byField, template: parserTemplate(elements), labels: labelsOf(byField), cloud };
}

const generated = new WeakMap<Config, IntakeForm>();

/** The bot's own form for a configuration (every field, so that each heading is recognised), once per config. */
export function generatedIntakeForm(config: Config): IntakeForm {
  let form = generated.get(config);
  if (!form) {
    const elements = buildIssueForm(config, { allFields: true }).body.flatMap((el): IntakeElement[] => {
      if (el.type === "markdown") return [];
      const options =
        el.type === "dropdown" ? el.attributes.options : el.type === "checkboxes" ? el.attributes.options.map((o) => o.label) : [];
      return [{ formId: el.id, label: el.attributes.label, type: el.type, options, field: el.id as IntakeFieldId }];
    });
    form = assemble(elements, false);
    generated.set(config, form);
  }
  return form;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function optionTexts(type: FormFieldType, attributes: Record<string, unknown>): string[] {
  const options = Array.isArray(attributes.options) ? (attributes.options as unknown[]) : [];
  if (type === "dropdown") return options.map((o) => String(o));
  if (type === "checkboxes") return options.map((o) => String(record(o)?.label ?? ""));
  return [];
}

/** Reads the elements of an issue form's YAML (every element that renders a heading); throws an Error whose message says what is wrong. */
export function readFormElements(text: string): Array<Omit<IntakeElement, "field">> {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 50, prettyErrors: true });
  } catch (error) {
    throw new Error(`is not valid YAML: ${((error as Error).message.split("\n")[0] ?? "").slice(0, 200)}`);
  }
  const body = record(doc)?.body;
  if (!Array.isArray(body)) throw new Error("is not a GitHub issue form (it has no `body` list of fields)");
  const elements: Array<Omit<IntakeElement, "field">> = [];
  body.forEach((raw, i) => {
    const el = record(raw);
    const type = String(el?.type ?? "");
    if (!el || type === "markdown" || !TYPES.has(type)) return;
    const attributes = record(el.attributes) ?? {};
    const label = String(attributes.label ?? "").trim();
    if (label === "") throw new Error(`has a ${type} field (body[${i}]) without a label`);
    const formId = typeof el.id === "string" && el.id !== "" ? el.id : `body-${i}`;
    elements.push({ formId, label, type: type as FormFieldType, options: optionTexts(type as FormFieldType, attributes) });
  });
  return elements;
}

/**
 * A cloud's own issue form (its YAML `text`) mapped to the bot's fields by `config.intake.fields`. Every mapped id
 * must be an element of the form of a fitting type, and every label unique (the answers are found by label);
 * each problem names the configuration key to fix (`intake.form` for the file, `intake.fields.<field>` for a
 * mapping). `source` names the file in messages.
 */
export function readIntakeForm(config: Config, text: string, source = config.intake.form ?? "the issue form"): ResolvedIntakeForm {
  let raw: Array<Omit<IntakeElement, "field">>;
  try {
    raw = readFormElements(text);
  } catch (error) {
    return { ok: false, problems: [{ key: "intake.form", message: `${source} ${(error as Error).message}` }] };
  }
  const problems: ConfigProblem[] = [];
  const seenLabels = new Set<string>();
  for (const el of raw) {
    if (seenLabels.has(el.label)) {
      problems.push({ key: "intake.form", message: `${source} has two fields labelled '${el.label}', so their answers cannot be told apart` });
    }
    seenLabels.add(el.label);
  }
  const fieldOf = new Map<string, IntakeFieldId>();
  const ids = raw.map((el) => el.formId);
  for (const [field, formId] of Object.entries(config.intake.fields) as Array<[IntakeFieldId, string]>) {
    const el = raw.find((e) => e.formId === formId);
    if (!el) {
      problems.push({ key: `intake.fields.${field}`, message: `${source} has no field with id '${formId}'; its ids are ${ids.map((i) => `'${i}'`).join(", ")}` });
    } else if (!typeFits(field, el.type)) {
      problems.push({
        key: `intake.fields.${field}`,
        message: `'${formId}' is a ${el.type} field, which cannot answer '${field}' (${field === "acknowledgement" ? "a checkboxes field" : "an input, textarea or dropdown"} can)`,
      });
    } else {
      fieldOf.set(formId, field);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const elements = raw.map((el): IntakeElement => {
    const field = fieldOf.get(el.formId);
    return field ? { ...el, field } : el;
  });
  return { ok: true, form: assemble(elements, true) };
}

/** Parsed cloud forms by content and mapping, so that a run (and the next ones) never parse the same form twice. */
const resolved = new Map<string, ResolvedIntakeForm>();
const RESOLVED_CACHE_SIZE = 8;

/** {@link readIntakeForm}, cached by the form's content and `intake.fields` (a small LRU). */
export function resolveIntakeForm(config: Config, text: string): ResolvedIntakeForm {
  const key = createHash("sha256")
    .update(text)
    .update("\u0000")
    .update(JSON.stringify([config.intake.form ?? "", Object.entries(config.intake.fields).sort()]))
    .digest("hex");
  const hit = resolved.get(key);
  if (hit) {
    resolved.delete(key);
    resolved.set(key, hit);
    return hit;
  }
  const result = readIntakeForm(config, text);
  resolved.set(key, result);
  if (resolved.size > RESOLVED_CACHE_SIZE) resolved.delete(resolved.keys().next().value as string);
  return result;
}

/** The label a person sees for a field in `form` (the generated label when the form lacks the field). */
export function formLabel(form: IntakeForm | undefined, field: FieldId): string {
  return form?.labels.get(field) ?? fieldLabel(field);
}

/** Problems or notices with each label replaced by the one `form` shows for its field. */
export function relabel<T extends { field: FieldId; label: string }>(items: readonly T[], form: IntakeForm | undefined): T[] {
  if (!form?.cloud) return [...items];
  return items.map((item) => ({ ...item, label: formLabel(form, item.field) }));
}
