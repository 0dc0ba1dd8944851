import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { OpenApiIndex, OpenApiOperation } from "./openapi-index.js";

/** The decoded parts of a request that the description constrains. */
export interface RequestParts {
  /** Path parameters, decoded; coerced in place to the described types (e.g. `issue_number` to a number). */
  params: Record<string, unknown>;
  /** Query parameters; coerced in place like `params`. Repeated keys arrive as arrays. */
  query: Record<string, unknown>;
  /** The parsed JSON body, or `undefined` when the request had none. */
  body: unknown;
}

interface OperationValidators {
  params: ValidateFunction;
  query: ValidateFunction;
  body?: ValidateFunction;
  bodyRequired: boolean;
}

const SCHEMA_REF = "#/components/schemas/";
const NOOP_FORMATS = ["int32", "int64", "double", "uri", "repo.nwo", "binary", "uri-template", "email", "timestamp"];

/**
 * Checks requests against GitHub's REST description with ajv. Validators are compiled lazily per operation and
 * cached; the description's OpenAPI dialect is rewritten on the way (`#/components/schemas` refs become local
 * `definitions`, `nullable: true` becomes a type union) so ajv can compile it.
 */
export class RequestValidator {
  readonly #index: OpenApiIndex;
  readonly #cache = new Map<string, OperationValidators>();
  readonly #paramsAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: "array" });
  readonly #bodyAjv = new Ajv({ strict: false, allErrors: true });

  constructor(index: OpenApiIndex) {
    this.#index = index;
    for (const ajv of [this.#paramsAjv, this.#bodyAjv]) {
      for (const format of NOOP_FORMATS) ajv.addFormat(format, true);
      ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
      ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
    }
  }

  /**
   * Validates `parts` for `operation`, coercing path and query values in place. Returns the problems found (empty
   * when the description allows the request), each naming the part and the ajv error.
   */
  validate(operation: OpenApiOperation, parts: RequestParts): string[] {
    const validators = this.#validators(operation);
    const problems: string[] = [];
    if (!validators.params(parts.params)) problems.push(...describe("path", validators.params.errors));
    if (!validators.query(parts.query)) problems.push(...describe("query", validators.query.errors));
    if (parts.body === undefined) {
      if (validators.bodyRequired) problems.push("body: a JSON request body is required");
    } else if (validators.body && !validators.body(parts.body)) {
      problems.push(...describe("body", validators.body.errors));
    }
    return problems;
  }

  #validators(operation: OpenApiOperation): OperationValidators {
    const cached = this.#cache.get(operation.operationId);
    if (cached) return cached;
    const definitions = new Map<string, unknown>();
    const paramSchema = (location: "path" | "query"): Record<string, unknown> => {
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const p of operation.parameters.filter((x) => x.in === location)) {
        properties[p.name] = this.#convert(p.schema ?? {}, definitions);
        if (p.required) required.push(p.name);
      }
      return { type: "object", properties, required, additionalProperties: false };
    };
    const params = paramSchema("path");
    const query = paramSchema("query");
    const jsonBody = operation.requestBody?.content?.["application/json"]?.schema;
    const body = jsonBody === undefined ? undefined : closeTopLevel(this.#convert(jsonBody, definitions));
    const withDefinitions = (schema: unknown): Record<string, unknown> => ({
      ...(schema as Record<string, unknown>),
      definitions: Object.fromEntries(definitions),
    });
    const validators: OperationValidators = {
      params: this.#paramsAjv.compile(withDefinitions(params)),
      query: this.#paramsAjv.compile(withDefinitions(query)),
      ...(body === undefined ? {} : { body: this.#bodyAjv.compile(withDefinitions(body)) }),
      bodyRequired: operation.requestBody?.required === true && jsonBody !== undefined,
    };
    this.#cache.set(operation.operationId, validators);
    return validators;
  }

  /** Deep-copies a description schema into ajv's dialect, collecting every referenced component schema. */
  #convert(node: unknown, definitions: Map<string, unknown>): unknown {
    if (Array.isArray(node)) return node.map((x) => this.#convert(x, definitions));
    if (node === null || typeof node !== "object") return node;
    const source = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) {
      if (key === "example" || key === "examples" || key === "description" || key === "nullable") continue;
      if (key === "$ref" && typeof value === "string" && value.startsWith(SCHEMA_REF)) {
        const name = value.slice(SCHEMA_REF.length);
        out.$ref = `#/definitions/${name}`;
        if (!definitions.has(name)) {
          definitions.set(name, {});
          const target = this.#index.document.components.schemas[name];
          if (target === undefined) throw new Error(`request-validation: unresolvable schema reference ${value}`);
          definitions.set(name, this.#convert(target, definitions));
        }
        continue;
      }
      out[key] = key === "properties" ? this.#convertMap(value, definitions) : this.#convert(value, definitions);
    }
    if (source.nullable !== true) return out;
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (Array.isArray(out.type)) out.type = [...(out.type as unknown[]), "null"];
    else return { anyOf: [out, { type: "null" }] };
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }

  #convertMap(value: unknown, definitions: Map<string, unknown>): unknown {
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#convert(v, definitions)]));
  }
}

/**
 * Forbids unknown top-level body properties: GitHub silently ignores them, which hides typos in the app
 * (`state_reson`), so the simulator reports them.
 */
function closeTopLevel(schema: unknown): unknown {
  if (schema === null || typeof schema !== "object") return schema;
  const s = schema as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...s };
  if (s.properties && s.additionalProperties === undefined && s.allOf === undefined) copy.additionalProperties = false;
  for (const key of ["oneOf", "anyOf"] as const) {
    if (Array.isArray(s[key])) copy[key] = (s[key] as unknown[]).map(closeTopLevel);
  }
  return copy;
}

function describe(part: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = `${part}${e.instancePath.replaceAll("/", ".")}`;
    const extra =
      e.keyword === "additionalProperties"
        ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'`
        : e.keyword === "enum"
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : "";
    return `${where}: ${e.message ?? e.keyword}${extra}`;
  });
}
