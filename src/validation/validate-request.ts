import type { Config } from "../config/schema.js";
import { relabel, type IntakeForm } from "../intake/intake-form.js";
import type { FieldId, Notice, OnboardingRequest, Problem } from "../types.js";
import { checkRequest, type RequestWorld } from "./check-request.js";
import { CUSTOM_QUOTA_FIELDS, CUSTOM_QUOTA_TEXT_FIELD, onboardingRequestSchema } from "./request-schema.js";
import { validateSchema } from "./validate-schema.js";

/** The verdict on a request: every problem at once, the notices, and the normalised request. */
export interface ValidationResult {
  /** True when there is no problem. */
  ok: boolean;
  /** The request normalised by the semantic checks (canonical logins, owner among members, sorted members). */
  request: OnboardingRequest;
  problems: Problem[];
  notices: Notice[];
}

/** The little of a zod schema's definition {@link coerce} reads. */
interface SchemaDef {
  type: string;
  innerType?: { def: SchemaDef };
  shape?: Readonly<Record<string, { def: SchemaDef }>>;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `value` is of the JSON kind `def` describes (text, list, boolean, mapping), whatever its contents. */
function kindFits(def: SchemaDef, value: unknown): boolean {
  if (def.type === "string") return typeof value === "string";
  if (def.type === "array") return Array.isArray(value);
  if (def.type === "boolean") return typeof value === "boolean";
  return isMapping(value);
}

/**
 * `value` made of the kind `def` describes: text or `""`, the texts of a list, `true` or `false`, the text values of
 * a mapping, an object's properties each coerced (an optional one only when given with the right kind).
 */
function coerce(def: SchemaDef, value: unknown): unknown {
  switch (def.type) {
    case "string":
      return typeof value === "string" ? value : "";
    case "array":
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
    case "boolean":
      return value === true;
    case "record":
      return isMapping(value) ? Object.fromEntries(Object.entries(value).filter((e) => typeof e[1] === "string")) : {};
    default: {
      const o = isMapping(value) ? value : {};
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(def.shape ?? {})) {
        const inner = property.def.type === "optional" ? property.def.innerType?.def : undefined;
        if (inner === undefined) out[key] = coerce(property.def, o[key]);
        else if (kindFits(inner, o[key])) out[key] = coerce(inner, o[key]);
      }
      return out;
    }
  }
}

/**
 * A well-typed request from any value, property by property of the request schema: properties of the wrong type
 * become empty, optional ones are left out. Only used after the schema has reported them, so the semantic checks
 * never see a value of the wrong type.
 */
function coerceRequest(value: unknown): OnboardingRequest {
  return coerce(onboardingRequestSchema.def as unknown as SchemaDef, value) as OnboardingRequest;
}

/** `lists` concatenated without repeats: a problem equal in field and message to an earlier one is dropped. */
export function mergeProblems(...lists: ReadonlyArray<readonly Problem[]>): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const list of lists) {
    for (const p of list) {
      const key = `${p.field}\u0000${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

/**
 * Validates a request: the JSON schema first, then the semantic checks of {@link checkRequest} on every field that
 * passed the schema (a field gets its schema problem, not a second one about the same value). All problems are
 * returned at once. `request` may be anything (a JSON file's object): the schema reports what is wrong with it.
 */
export function validateRequest(request: unknown, config: Config, world: RequestWorld): ValidationResult {
  const schemaProblems = validateSchema(request, config);
  const typed = coerceRequest(request);
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return { ok: false, request: typed, problems: schemaProblems, notices: [] };
  }
  const skipFields = new Set<FieldId>(schemaProblems.map((p) => p.field));
  const checked = checkRequest(typed, config, world, { skipFields });
  const problems = mergeProblems(schemaProblems, checked.problems);
  return { ok: problems.length === 0, request: checked.request, problems, notices: checked.notices };
}

/** The custom quota parts a free-text custom quota answers for: a problem reading it covers theirs. */
const COVERED: Readonly<Partial<Record<FieldId, readonly FieldId[]>>> = {
  [CUSTOM_QUOTA_TEXT_FIELD]: Object.values(CUSTOM_QUOTA_FIELDS),
};

/**
 * Validation problems the parser already reported: the same field and message, the same field and value (a
 * retired cluster: the parser says which are offered), or a part of a free-text custom quota it could not read.
 */
function alreadyReported(parsed: readonly Problem[]): (p: Problem) => boolean {
  const values = new Set(parsed.filter((p) => p.value !== undefined).map((p) => `${p.field}\u0000${p.value ?? ""}`));
  const covered = new Set(parsed.flatMap((p) => COVERED[p.field] ?? []));
  return (p) => covered.has(p.field) || (p.value !== undefined && values.has(`${p.field}\u0000${p.value}`));
}

/**
 * Validates a parsed issue body: the parser's problems and notices first, then {@link validateRequest}'s, without
 * repeating a problem both found (an invisible character in a name is reported by both in the same words; a value
 * the parser refused gets only the parser's problem). Every problem and notice is labelled as the form the body
 * was read with labels its field (a cloud's own form has its own labels).
 */
export function validateParsedRequest(
  parsed: { request: unknown; problems: readonly Problem[]; notices?: readonly Notice[]; form?: IntakeForm },
  config: Config,
  world: RequestWorld,
): ValidationResult {
  const result = validateRequest(parsed.request, config, world);
  const reported = alreadyReported(parsed.problems);
  const problems = relabel(mergeProblems(parsed.problems, result.problems.filter((p) => !reported(p))), parsed.form);
  const notices = relabel([...(parsed.notices ?? []), ...result.notices], parsed.form);
  return { ...result, ok: problems.length === 0, problems, notices };
}
