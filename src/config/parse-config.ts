import { z } from "zod";
import { configSchema, type Config } from "./schema.js";

/** One problem with the configuration file, located by its key path (`clusters[1].overlay`). */
export interface ConfigProblem {
  key: string;
  message: string;
}

export type ParseConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** The key of problems that concern the whole file rather than one key. */
const TOP_LEVEL = "(top level)";
/** Most problems reported for one file; a hostile file could otherwise produce thousands. */
const MAX_PROBLEMS = 50;
/** Longest key segment shown; keys come from the file and may be hostile. */
const MAX_SEGMENT = 60;
const PLAIN_SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** A key segment as written in the file, quoted when it is not a plain name, never longer than {@link MAX_SEGMENT}. */
function formatSegment(seg: PropertyKey): string {
  const text = String(seg);
  const short = text.length > MAX_SEGMENT ? `${text.slice(0, MAX_SEGMENT)}…` : text;
  return PLAIN_SEGMENT.test(short) ? short : JSON.stringify(short);
}

/**
 * Formats a zod issue path as the key a person sees in the YAML file: `clusters[1].overlay`. Segments that are not
 * plain names (label keys such as `network.openshift.io/policy-group`, or hostile keys) are quoted:
 * `namespaces.networkPolicies.ingressNamespaceSelector["network.openshift.io/policy-group"]`.
 */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else {
      const text = formatSegment(seg);
      out += text.startsWith('"') ? `[${text}]` : out === "" ? text : `.${text}`;
    }
  }
  return out === "" ? TOP_LEVEL : out;
}

/** What a value is, in words, for "must be X, not Y" messages. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isInteger(value) ? "a whole number" : "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "a mapping";
    default:
      return typeof value;
  }
}

const EXPECTED_TEXT: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys to values",
  record: "a mapping of keys to values",
};

/**
 * Messages for zod's built-in checks, in the words of the YAML file. Checks with their own message in the schema
 * (formats, refinements) keep it: zod calls this map only for issues without one.
 */
const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type": {
      const expected = EXPECTED_TEXT[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `is required; expected ${expected}`;
      if (issue.expected === "boolean" && typeof issue.input === "string") {
        return `must be true or false (without quotes), not the string '${issue.input.slice(0, 20)}'`;
      }
      if (issue.expected === "string" && (typeof issue.input === "number" || typeof issue.input === "boolean")) {
        return `must be a string; put the value in quotes ('${String(issue.input)}')`;
      }
      if (issue.expected === "int" && typeof issue.input === "number") return `must be a whole number, not ${String(issue.input)}`;
      if ((issue.expected === "number" || issue.expected === "int") && typeof issue.input === "string") {
        return `must be ${expected} written as digits, not the string '${issue.input.slice(0, 20)}'`;
      }
      return `must be ${expected}, not ${kindOf(issue.input)}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => `'${String(v)}'`).join(", ")}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${String(issue.maximum)} characters long`;
      if (issue.origin === "array") return `must list at most ${String(issue.maximum)} entries`;
      return `must be at most ${String(issue.maximum)}`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "must not be empty" : `must be at least ${String(issue.minimum)} characters long`;
      if (issue.origin === "array") return `must list at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? "entry" : "entries"}`;
      return `must be at least ${String(issue.minimum)}`;
    default:
      return undefined;
  }
};

/** Unwraps `.default()` / `.optional()` wrappers. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.core.$ZodType;
  return s;
}

/** The keys the schema knows at a path of the file, for "did you mean" hints. */
function knownKeysAt(path: ReadonlyArray<PropertyKey>): string[] {
  let schema: z.core.$ZodType = configSchema;
  for (const seg of path) {
    const s = unwrap(schema);
    if (typeof seg === "number" && s instanceof z.ZodArray) schema = s.element as z.core.$ZodType;
    else if (typeof seg === "string" && s instanceof z.ZodObject && Object.hasOwn(s.shape, seg)) schema = s.shape[seg] as z.core.$ZodType;
    else return [];
  }
  const s = unwrap(schema);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Levenshtein distance of two short strings (keys are capped at {@link MAX_SEGMENT} before this is called). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The known key an unknown key was probably meant to be: a prefix of it, or at most two edits away. */
function closestKey(unknown: string, known: readonly string[]): string | undefined {
  const u = unknown.slice(0, MAX_SEGMENT).toLowerCase();
  if (u.length < 2) return undefined;
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const k = key.toLowerCase();
    const d = k.startsWith(u) || u.startsWith(k) ? 1 : distance(u, k);
    if (d <= 2 && (best === undefined || d < best.d)) best = { key, d };
  }
  return best?.key;
}

function unknownKeyProblems(path: ReadonlyArray<PropertyKey>, keys: readonly string[]): ConfigProblem[] {
  const known = knownKeysAt(path);
  return keys.map((k) => {
    const guess = closestKey(k, known);
    const hint = guess !== undefined ? `; did you mean '${guess}'?` : known.length > 0 ? `; expected one of ${known.map((n) => `'${n}'`).join(", ")}` : "";
    return { key: formatKeyPath([...path, k]), message: `is not a known key${hint}` };
  });
}

function capProblems(problems: ConfigProblem[]): ConfigProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const shown = problems.slice(0, MAX_PROBLEMS - 1);
  shown.push({ key: TOP_LEVEL, message: `and ${problems.length - shown.length} more problems; fix the ones above first` });
  return shown;
}

/**
 * Validates raw configuration (already parsed from YAML) and applies defaults.
 * Returns every problem at once (at most 50), each naming the key it belongs to, instead of throwing.
 */
export function parseConfig(raw: unknown): ParseConfigResult {
  if (raw === null || raw === undefined) {
    return { ok: false, problems: [{ key: TOP_LEVEL, message: "the configuration file is empty or missing" }] };
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [{ key: TOP_LEVEL, message: `the configuration must be a mapping of keys to values (gitops, clusters, quota, ...), not ${kindOf(raw)}` }],
    };
  }
  const result = configSchema.safeParse(raw, { error: errorMap });
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? unknownKeyProblems(issue.path, issue.keys)
        : [{ key: formatKeyPath(issue.path), message: issue.message }],
    );
    return { ok: false, problems: capProblems(problems) };
  }
  const problems = checkCrossFieldRules(result.data);
  return problems.length > 0 ? { ok: false, problems: capProblems(problems) } : { ok: true, config: result.data };
}

/** A problem for every repeated name, on the repeat, pointing at the first occurrence. */
function duplicateNames(list: ReadonlyArray<{ name: string }>, listKey: string, what: string): ConfigProblem[] {
  const first = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  list.forEach((item, i) => {
    const seen = first.get(item.name);
    if (seen === undefined) first.set(item.name, i);
    else problems.push({ key: `${listKey}[${i}].name`, message: `${what} '${item.name}' is already listed at ${listKey}[${seen}]; names must be unique` });
  });
  return problems;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Placeholders of a template that are not in `allowed`, and whether its braces are balanced. */
function checkPlaceholders(key: string, template: string, allowed: readonly string[], required: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const expected = allowed.length > 0 ? `; placeholders allowed here: ${allowed.map((p) => `{${p}}`).join(", ")}` : "; this key takes no placeholders";
  const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "").filter((name) => !allowed.includes(name));
  for (const name of new Set(unknown)) problems.push({ key, message: `has unknown placeholder '{${name.slice(0, MAX_SEGMENT)}}'${expected}` });
  if (template.replace(PLACEHOLDER, "").match(/[{}]/)) problems.push({ key, message: `has an unbalanced '{' or '}'${expected}` });
  for (const name of required) {
    if (!template.includes(`{${name}}`)) {
      const why = name === "number" ? "each request gets its own branch" : `each ${name} gets its own directory`;
      problems.push({ key, message: `must contain '{${name}}' so ${why}` });
    }
  }
  return problems;
}

/**
 * Rules of `git check-ref-format` that the schema's pattern does not express: no component may start with `.` or
 * end with `.lock`, and the name may not end with `.`.
 */
function checkRefComponents(key: string, ref: string): ConfigProblem[] {
  const bad = ref.split("/").find((c) => c.startsWith(".") || c.endsWith(".lock"));
  if (bad !== undefined) return [{ key, message: `must be a valid git branch name: no part may start with '.' or end with '.lock' ('${bad}')` }];
  if (ref.endsWith(".")) return [{ key, message: "must be a valid git branch name: it may not end with '.'" }];
  return [];
}

/** Placeholders each layout key accepts, and those it must contain (see `fill-template.ts` and `plan-layout.ts`). */
const LAYOUT_PLACEHOLDERS: Record<keyof Config["layout"], { allowed: string[]; required: string[] }> = {
  namespaceDir: { allowed: ["namespace", "team"], required: ["namespace"] },
  groupDir: { allowed: ["team"], required: ["team"] },
  rbacComponentDir: { allowed: ["team"], required: ["team"] },
  quotaComponentDir: { allowed: ["tier"], required: ["tier"] },
  limitRangeComponentDir: { allowed: [], required: [] },
  networkPolicyComponentDir: { allowed: [], required: [] },
};

function checkCrossFieldRules(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [
    ...duplicateNames(config.clusters, "clusters", "cluster"),
    ...duplicateNames(config.quota.tiers, "quota.tiers", "tier"),
  ];
  config.quota.tiers.forEach((tier, i) => {
    if (tier.name === "custom") {
      problems.push({ key: `quota.tiers[${i}].name`, message: "'custom' is reserved for the custom quota option; pick another tier name" });
    }
  });
  problems.push(
    ...checkRefComponents("gitops.baseBranch", config.gitops.baseBranch),
    ...checkRefComponents("gitops.branchTemplate", config.gitops.branchTemplate),
    ...checkPlaceholders("gitops.branchTemplate", config.gitops.branchTemplate, ["number", "owner", "repo"], ["number"]),
  );
  for (const [key, rule] of Object.entries(LAYOUT_PLACEHOLDERS)) {
    problems.push(...checkPlaceholders(`layout.${key}`, config.layout[key as keyof Config["layout"]], rule.allowed, rule.required));
  }
  config.namespaces.reservedPrefixes.forEach((prefix, i) => {
    if (prefix === "") problems.push({ key: `namespaces.reservedPrefixes[${i}]`, message: "must not be empty (an empty prefix would refuse every namespace)" });
  });
  config.teams.reservedPrefixes.forEach((prefix, i) => {
    if (prefix === "") problems.push({ key: `teams.reservedPrefixes[${i}]`, message: "must not be empty (an empty prefix would refuse every team)" });
  });
  for (const [kind, settings] of Object.entries(config.requests)) {
    // An issue with the onboarding label is always read as onboarding: a change kind with that label would never run.
    if (settings.label === config.labels.request) problems.push({ key: `requests.${kind}.label`, message: `is labels.request ('${settings.label}'); give ${kind} requests their own label` });
  }
  return problems;
}
