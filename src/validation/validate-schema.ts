import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Config } from "../config/schema.js";
import { characterProblem } from "../intake/character-problem.js";
import { CUSTOM_TIER, fieldLabel } from "../intake/fields.js";
import { formOptions } from "../intake/form-options.js";
import { isEmail, LOGIN_LIST_EXPECTED } from "../intake/read-logins.js";
import type { FieldId, Problem } from "../types.js";
import { buildRequestJsonSchema, CUSTOM_QUOTA_FIELDS, REQUEST_FIELDS } from "./request-schema.js";

// ajv-formats is CommonJS: under NodeNext its default import is the module object, whose `default` is the plugin.
type FormatsPlugin = (ajv: Ajv2020, formats: string[]) => unknown;
const formatsModule = addFormatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
const addFormats: FormatsPlugin = formatsModule.default ?? formatsModule;

let compiled: ValidateFunction | undefined;
/** One more than the largest `maxItems` of the schema's lists: the most entries of a list the schema reads. */
let listCeiling = Infinity;

/**
 * The compiled request schema, generated from the zod schema (the same JSON Schema `npm run schemas` writes to
 * `schemas/onboarding-request.schema.json`); compiled on first use, once per process.
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = buildRequestJsonSchema();
  const properties = Object.values((schema.properties ?? {}) as Record<string, { maxItems?: number }>);
  listCeiling = 1 + Math.max(...properties.map((p) => p.maxItems ?? 0));
  // strictRequired is off because `then` / `else` require properties defined one level up (customQuota).
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv, ["uri"]);
  compiled = ajv.compile(schema);
  return compiled;
}

/** The form field of each property of the request, and of each part of a custom quota (from the request schema). */
const PROPERTY_FIELDS: Readonly<Record<string, FieldId>> = REQUEST_FIELDS;
const QUOTA_FIELDS: Readonly<Record<string, FieldId>> = CUSTOM_QUOTA_FIELDS;

const NAME_RULE = "lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit";
const LOGIN_RULE = "a GitHub login: letters, digits and single '-' between them, at most 39 characters, for example 'octocat'";

function problem(field: FieldId, message: string, expected: string, value?: unknown): Problem {
  const p: Problem = { field, label: fieldLabel(field), message, expected };
  if (typeof value === "string") p.value = value;
  return p;
}

function quote(value: unknown): string {
  if (typeof value === "string") return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  // Never serialise a non-string: it may be huge or nested deep enough to overflow the stack. Name its kind.
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

/** What is wrong with a namespace or team name that failed the schema. */
function describeKubernetesName(field: FieldId, value: unknown, what: string): Problem {
  if (typeof value !== "string") return problem(field, `the ${what} must be text, not ${quote(value)}`, NAME_RULE);
  if (value === "") return problem(field, `the ${what} is empty`, NAME_RULE);
  const chars = characterProblem(field, value, "name");
  if (chars) return chars;
  if (value === "default" || value === "openshift") {
    return problem(field, `'${value}' is reserved by Kubernetes and OpenShift`, `another name; ${NAME_RULE}`, value);
  }
  if (/^(?:kube|openshift)-/.test(value)) {
    return problem(
      field,
      `'${value}' starts with a prefix Kubernetes and OpenShift reserve for themselves`,
      `a name that does not start with 'kube-' or 'openshift-'`,
      value,
    );
  }
  if (value.length > 63) {
    return problem(field, `${quote(value)} is ${value.length} characters long, more than the 63 Kubernetes allows`, NAME_RULE, value);
  }
  const suggestion = suggestName(value);
  if (suggestion !== undefined) {
    const how = suggestion === value.toLowerCase() ? "names are lower case" : "names are lower case, with '-' between words";
    return problem(field, `'${value}' is not a valid ${what}: ${how}`, `use '${suggestion}'`, value);
  }
  return problem(field, `'${value}' is not a valid ${what}`, NAME_RULE, value);
}

const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The name a person most likely meant, when a mechanical fix alone makes it valid: lower case (`projectX` →
 * `projectx`), else lower case with spaces, `_` and `.` turned into `-` (`Widget Research` → `widget-research`).
 * `undefined` when neither fixes it (the rule is shown instead) or the fix lands on a reserved name.
 */
export function suggestName(value: string): string | undefined {
  const reserved = (name: string): boolean => name === "default" || name === "openshift" || /^(?:kube|openshift)-/.test(name);
  const lower = value.toLowerCase();
  if (DNS_LABEL.test(lower)) return reserved(lower) ? undefined : lower;
  const dashed = lower.trim().replace(/[\s_.]+/g, "-");
  if (DNS_LABEL.test(dashed) && !reserved(dashed)) return dashed;
  return undefined;
}

function describeLogin(field: FieldId, value: unknown): Problem {
  if (typeof value !== "string") return problem(field, `a login must be text, not ${quote(value)}`, LOGIN_RULE);
  if (value === "") return problem(field, "no GitHub login was given", LOGIN_RULE);
  const chars = characterProblem(field, value, "name");
  if (chars) return chars;
  if (value.startsWith("@")) return problem(field, `'${value}' starts with '@'`, `the login without '@': '${value.slice(1)}'`, value);
  const list = field === "members" ? LOGIN_LIST_EXPECTED : "the GitHub login of one person, for example 'octocat'";
  if (isEmail(value.trim())) return problem(field, `${quote(value)} is an e-mail address, not a GitHub login`, list, value);
  if (/\s/.test(value.trim())) return problem(field, `${quote(value)} is several words (a name or a sentence), not a GitHub login`, list, value);
  return problem(field, `${quote(value)} is not a GitHub login`, LOGIN_RULE, value);
}

function knownList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

function describeClusterName(value: unknown, config: Config | undefined): Problem {
  const expected = config ? `one or more of the clusters offered: ${knownList(formOptions(config).clusters)}` : "a cluster name from the form";
  if (typeof value === "string") {
    const chars = characterProblem("clusters", value, "name");
    if (chars) return chars;
  }
  return problem("clusters", `${quote(value)} is not one of the clusters offered`, expected, value);
}

function describeTier(value: unknown, config: Config | undefined): Problem {
  const expected = config
    ? `one of the quota tiers offered: ${knownList(formOptions(config).tiers.map((t) => t.option))}`
    : "a configured tier name, or 'custom'";
  if (value === "" || value === undefined) return problem("quota_tier", "no quota tier was chosen", expected);
  if (typeof value === "string") {
    const chars = characterProblem("quota_tier", value, "name");
    if (chars) return chars;
  }
  return problem("quota_tier", `${quote(value)} is not one of the quota tiers`, expected, value);
}

const QUANTITY_EXPECTED: Readonly<Record<string, string>> = {
  custom_cpu: "a number of CPU cores such as 4 or 0.5, or millicores such as 500m",
  custom_memory: "a quantity of bytes such as 512Mi, 16Gi or 1Ti",
  custom_storage: "a quantity of bytes such as 512Mi, 100Gi or 1Ti",
};

function describeQuantity(field: FieldId, value: unknown): Problem {
  const expected = QUANTITY_EXPECTED[field] ?? "a Kubernetes quantity";
  if (value === "" || value === undefined) return problem(field, "is empty but the Custom tier was chosen", expected);
  if (typeof value === "string") {
    const chars = characterProblem(field, value, "name");
    if (chars) return chars;
  }
  return problem(field, `${quote(value)} is not a valid quantity`, expected, value);
}

function describeText(field: FieldId, value: unknown, maxLength: number, singleLine: boolean): Problem {
  const expected = singleLine
    ? `one line of plain text, at most ${maxLength} characters`
    : `plain text, at most ${maxLength} characters`;
  if (typeof value !== "string") return problem(field, `must be text, not ${quote(value)}`, expected);
  if (value.trim() === "") return problem(field, "is empty", field === "description" ? "a few sentences about the project" : expected);
  const chars = characterProblem(field, value, "text");
  if (chars) return chars;
  if (value.length > maxLength) return problem(field, `is ${value.length} characters long`, expected);
  if (singleLine && /[\r\n]/.test(value)) return problem(field, "spans more than one line", expected);
  return problem(field, "contains characters that are not allowed", expected);
}

function describeList(field: FieldId, errors: ErrorObject[], value: unknown): Problem {
  const what = field === "namespaces" ? "namespaces" : field === "clusters" ? "clusters" : "members";
  if (!Array.isArray(value)) return problem(field, `the ${what} must be a list, not ${quote(value)}`, `a list of ${what}`);
  const tooMany = errors.find((e) => e.keyword === "maxItems");
  if (tooMany) {
    return problem(field, `${value.length} ${what} are listed`, `at most ${String(tooMany.params.limit)} ${what}`);
  }
  if (field === "namespaces") {
    return problem(field, "no namespace was given", "one namespace per line, or leave it empty and fill in the team name");
  }
  if (field === "clusters") return problem(field, "no cluster was chosen", "one or more of the clusters in the form");
  return problem(field, `the ${what} list is not valid`, `a list of ${what}`);
}

function pointerSegments(instancePath: string): string[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (const seg of segments) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, seg)) return undefined;
    current = (current as Record<string, unknown>)[seg];
  }
  return current;
}

function describeRoot(errors: ErrorObject[], data: unknown, config: Config | undefined): Problem[] {
  const out: Problem[] = [];
  for (const e of errors) {
    if (e.keyword === "type") {
      out.push(problem("body", `the request must be an object, not ${quote(data)}`, "an object in the OnboardingRequest shape"));
    } else if (e.keyword === "additionalProperties") {
      const name = String(e.params.additionalProperty);
      out.push(
        problem(
          "body",
          `the request has the unknown property '${name}'`,
          `only the properties ${Object.keys(PROPERTY_FIELDS).join(", ")}`,
        ),
      );
    } else if (e.keyword === "required") {
      const name = String(e.params.missingProperty);
      if (e.schemaPath.startsWith("#/then")) {
        out.push(
          problem("quota_tier", "the Custom tier was chosen but no custom CPU, memory and storage were given", "the custom CPU, memory and storage filled in"),
        );
        continue;
      }
      const field = PROPERTY_FIELDS[name] ?? "body";
      if (field === "quota_tier") out.push(describeTier(undefined, config));
      else out.push(problem(field, "is missing", `a value for ${fieldLabel(field)}`));
    } else if (e.keyword === "not" && e.schemaPath.startsWith("#/else")) {
      out.push(
        problem(
          "quota_tier",
          "custom CPU, memory and storage were given, but the quota tier is not Custom",
          `the Custom tier, or no custom values (they are only used with ${CUSTOM_TIER})`,
        ),
      );
    }
  }
  return out;
}

function describe(segments: string[], errors: ErrorObject[], data: unknown, config: Config | undefined): Problem[] {
  const [property, index] = segments;
  if (property === undefined) return describeRoot(errors, data, config);
  const value = valueAt(data, segments);
  switch (property) {
    case "team":
      return [describeKubernetesName("team", value, "team name")];
    case "namespaces":
      return [index === undefined ? describeList("namespaces", errors, value) : describeKubernetesName("namespaces", value, "namespace name")];
    case "clusters":
      return [index === undefined ? describeList("clusters", errors, value) : describeClusterName(value, config)];
    case "owner":
      return [describeLogin("owner", value)];
    case "members":
      return [index === undefined ? describeList("members", errors, value) : describeLogin("members", value)];
    case "description":
      return [describeText("description", value, 4000, false)];
    case "displayName":
      return [describeText("display_name", value, 100, true)];
    case "docsUrl":
      return [
        problem("docs_url", `${quote(value)} is not a web address`, "an absolute URL starting with https:// (or http://)", value),
      ];
    case "quotaTier":
      return [describeTier(value, config)];
    case "namespaceTiers": {
      if (index !== undefined) {
        const tier = describeTier(value, config);
        return [{ ...tier, field: "namespaces", label: fieldLabel("namespaces"), message: `the tier of '${index}': ${tier.message}` }];
      }
      const tooMany = errors.find((e) => e.keyword === "maxProperties");
      if (tooMany && typeof value === "object" && value !== null) {
        const limit = String(tooMany.params.limit);
        return [problem("namespaces", `${Object.keys(value).length} namespaces are given a tier of their own`, `at most ${limit}, one per namespace of the request`)];
      }
      // Keys are namespace names: checkRequest says when one is not a namespace of the request.
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return [];
      return [problem("namespaces", `the namespace tiers must be a mapping of namespace to tier, not ${quote(value)}`, "namespace: tier")];
    }
    case "acknowledged":
      return [problem("acknowledgement", `must be true or false, not ${quote(value)}`, "the acknowledgement box ticked")];
    case "customQuota": {
      if (index !== undefined) {
        const field = QUOTA_FIELDS[index] ?? "quota_tier";
        return [describeQuantity(field, value)];
      }
      return errors.map((e) => {
        if (e.keyword === "required") {
          const field = QUOTA_FIELDS[String(e.params.missingProperty)] ?? "quota_tier";
          return describeQuantity(field, undefined);
        }
        if (e.keyword === "additionalProperties") {
          return problem("quota_tier", `the custom quota has the unknown property '${String(e.params.additionalProperty)}'`, "only cpu, memory and storage");
        }
        return problem("quota_tier", `the custom quota must be an object, not ${quote(value)}`, "cpu, memory and storage");
      });
    }
    default:
      return [];
  }
}

/**
 * `request` with every list longer than the schema allows cut to {@link listCeiling} entries: still too long for
 * the schema (reported with the list's real length, read from `request`), but a list of 60,000 entries no longer
 * costs 60,000 checks and as many problems. A size limit applied before the expensive work (issue 10).
 */
function cutLists(request: unknown): unknown {
  if (typeof request !== "object" || request === null || Array.isArray(request)) return request;
  const o = request as Record<string, unknown>;
  let cut: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(o)) {
    if (Array.isArray(value) && value.length > listCeiling) (cut ??= { ...o })[key] = value.slice(0, listCeiling);
  }
  return cut ?? request;
}

/**
 * Checks a request against the request's JSON Schema (`schemas/onboarding-request.schema.json`, generated from
 * src/validation/request-schema.ts; ajv, JSON Schema 2020-12, all errors) and
 * explains every failure as a {@link Problem} on the form field it belongs to: what is wrong with the value and
 * what would be right, never ajv's own wording. Several ajv errors about one value become one problem.
 * With `config`, messages about clusters and tiers list the configured ones.
 */
export function validateSchema(request: unknown, config?: Config): Problem[] {
  const validate = validator();
  if (validate(cutLists(request))) return [];
  const groups = new Map<string, ErrorObject[]>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === "if") continue;
    const list = groups.get(error.instancePath) ?? [];
    list.push(error);
    groups.set(error.instancePath, list);
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [path, errors] of groups) {
    for (const p of describe(pointerSegments(path), errors, request, config)) {
      const key = `${p.field}\u0000${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(p);
    }
  }
  return problems;
}
