import { parseIssue, type ParsedBody } from "@github/issue-parser";
import type { ConfigProblem } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import { clusterForOption, tierForOption } from "../intake/form-options.js";
import { readFormElements } from "../intake/intake-form.js";
import { LOGIN_LIST_EXPECTED, notLoginMessage, readLogins } from "../intake/read-logins.js";
import { splitList, stripAt, trimAscii } from "../intake/split-list.js";
import { CUSTOM_TIER } from "../intake/fields.js";
import type { ChangeKind } from "../rendering/changes/change-request.js";
import type { FieldId, Problem } from "../types.js";
import { changeFormFields, fieldOptions } from "./change-forms.js";
import type { ChangeField, ChangeFieldKey } from "./request-kinds.js";

/** One element of the form a change request is read with, and the field of the kind it answers (none: not read). */
interface FormAnswer {
  formId: string;
  label: string;
  type: string;
  options: string[];
  field?: ChangeField;
}

/** What reading a change request's issue body found, before its shape is checked ({@link checkChange}). */
export interface ReadChange {
  kind: ChangeKind;
  /** The answers as the kind's request shape names them (`team`, `namespace`, `add`, `customQuota`, ...). */
  value: Record<string, unknown>;
  /** Answers that cannot be read (not a login, a cluster not offered, an unreadable body). */
  problems: Problem[];
  /** Logins to look up on GitHub (added members, a new namespace's owner), for their canonical spelling. */
  logins: string[];
  /** The configured clusters the request names (their overlays are read in the first round trip). */
  clusters: string[];
  /** The label each request field shows in the form the request was filed with. */
  labels: ReadonlyMap<FieldId, string>;
  /** The form has no team field: the team is the one whose RBAC component the namespace uses. */
  teamFromNamespace: boolean;
}

// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000e-\u001f]/;

function problem(field: ChangeField | undefined, message: string, expected: string, value?: string): Problem {
  const p: Problem = { field: field?.problemField ?? "body", label: field?.label ?? "Issue body", message, expected };
  if (value !== undefined) p.value = value;
  return p;
}

/** The answers of the kind's generated form, or of a cloud's own form mapped by `requests.<kind>.fields`. */
function formAnswers(config: Config, kind: ChangeKind, formText: string | undefined): { answers: FormAnswer[] } | { configProblems: ConfigProblem[] } {
  const fields = changeFormFields(config, kind, { allFields: true });
  if (formText === undefined) {
    return { answers: fields.map((f) => ({ formId: f.key, label: f.label, type: f.type, options: fieldOptions(config, f), field: f })) };
  }
  const settings = config.requests[kind];
  let elements: ReturnType<typeof readFormElements>;
  try {
    elements = readFormElements(formText);
  } catch (error) {
    return { configProblems: [{ key: `requests.${kind}.form`, message: `${settings.form ?? "the form"} ${(error as Error).message}` }] };
  }
  const problems: ConfigProblem[] = [];
  // Every element of the form stays in the parser's template, mapped or not: each heading ends the answer above it.
  const answers: FormAnswer[] = elements.map((el) => ({ ...el }));
  for (const [key, formId] of Object.entries(settings.fields) as Array<[ChangeFieldKey, string]>) {
    const field = fields.find((f) => f.key === key);
    const el = answers.find((e) => e.formId === formId);
    if (!field) problems.push({ key: `requests.${kind}.fields.${key}`, message: `a ${kind} request has no '${key}'; its answers are ${fields.map((f) => `'${f.key}'`).join(", ")}` });
    else if (!el) problems.push({ key: `requests.${kind}.fields.${key}`, message: `${settings.form ?? "the form"} has no field with id '${formId}'` });
    else el.field = { ...field, label: el.label };
  }
  return problems.length > 0 ? { configProblems: problems } : { answers };
}

function parserTemplate(answers: readonly FormAnswer[]): string {
  return JSON.stringify({
    body: answers.map((a) => {
      const options = a.type === "dropdown" ? { options: a.options } : a.type === "checkboxes" ? { options: a.options.map((label) => ({ label })) } : {};
      return { type: a.type, id: a.formId, attributes: { label: a.label, ...options } };
    }),
  });
}

function texts(value: ParsedBody[string]): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value;
  return [];
}

/**
 * Reads a change request of `kind` from an issue body written with the kind's form (the generated one, or the
 * cloud's own `formText` mapped by `requests.<kind>.fields`), with `@github/issue-parser`. Logins lose a leading `@`
 * and anything that is not a login is reported (never split into words); cluster and tier options map to configured
 * names through their aliases, and an option no cluster stands for is reported with the clusters offered. Nothing
 * else is checked here: {@link checkChange} checks the shape, the renderers the repository.
 */
export function readChangeIssue(config: Config, kind: ChangeKind, body: string, formText?: string): ReadChange | { configProblems: ConfigProblem[] } {
  const form = formAnswers(config, kind, formText);
  if ("configProblems" in form) return form;
  const fields = form.answers;
  const labels = new Map<FieldId, string>();
  const read: ReadChange = { kind, value: {}, problems: [], logins: [], clusters: [], labels, teamFromNamespace: false };
  for (const a of fields) if (a.field && !labels.has(a.field.problemField)) labels.set(a.field.problemField, a.label);
  read.teamFromNamespace = !fields.some((a) => a.field?.key === "team");
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > config.limits.maxBodyBytes) {
    read.problems.push(problem(undefined, `the issue body is ${bytes} bytes, more than the ${config.limits.maxBodyBytes} bytes onboarding-bot reads`, "an issue body written with the request's form"));
    return read;
  }
  const binary = BINARY.exec(body);
  if (binary) {
    read.problems.push(problem(undefined, "the issue body contains binary data", "an issue body of plain text written with the request's form"));
    return read;
  }
  const parsed = parseIssue(body.replace(/\r\n?/g, "\n"), parserTemplate(fields));
  const custom: Record<string, string> = {};
  for (const a of fields) {
    const raw = texts(parsed[a.formId]).map(trimAscii).filter((t) => t !== "");
    const { field } = a;
    if (raw.length === 0 || field === undefined) continue;
    const key = field.key;
    if (field.value === "logins") {
      const logins: string[] = [];
      for (const item of readLogins(raw.join("\n"))) {
        if ("login" in item) logins.push(item.login);
        else read.problems.push(problem(field, notLoginMessage(item), LOGIN_LIST_EXPECTED, item.text));
      }
      read.value[key] = logins;
      // Only people who gain access are looked up (a removed login is matched against the group as it is).
      if (key === "add") read.logins.push(...logins);
    } else if (field.value === "clusters") {
      const options = a.type === "dropdown" ? raw : raw.flatMap(splitList);
      const names: string[] = [];
      for (const option of options) {
        const name = clusterForOption(config, option);
        if (name !== undefined) names.push(name);
        else read.problems.push(problem(field, `'${option}' is not one of the clusters offered`, `one or more of: ${config.clusters.map((c) => c.name).join(", ")}`, option));
      }
      read.value[key] = [...new Set(names)];
      read.clusters.push(...names);
    } else if (field.value === "tier") {
      const answer = raw.join(", ");
      read.value.tier = tierForOption(config, answer) ?? answer;
    } else if (key === "custom_cpu" || key === "custom_memory" || key === "custom_storage") {
      custom[key.slice("custom_".length)] = raw.join(" ");
    } else {
      const text = raw.join(", ");
      const name = { display_name: "displayName", docs_url: "docsUrl" }[key as string] ?? key;
      read.value[name] = key === "owner" ? stripAt(text) : text;
      if (key === "owner") read.logins.push(stripAt(text));
    }
  }
  if (read.value.tier === CUSTOM_TIER) read.value.customQuota = { cpu: custom.cpu ?? "", memory: custom.memory ?? "", storage: custom.storage ?? "" };
  read.clusters = [...new Set(read.clusters)];
  return read;
}
