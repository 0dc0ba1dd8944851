import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { OpenApiIndex, OpenApiOperation } from "./openapi-index.js";
import { sourceOf, ValidatorStore } from "./validator-store.js";

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
const RESPONSE_REF = "#/components/responses/";

/**
 * Responses whose description no real answer can meet, so they are not checked: `GET /app/installations` gives
 * `account` as `allOf` simple-user AND enterprise (the component schema says `anyOf`).
 */
const DESCRIPTION_DEFECTS = new Set(["apps/list-installations 200"]);

/** A described response: its JSON schema, if the description gives one. */
interface DescribedResponse {
  content?: Record<string, { schema?: unknown }>;
}
const NOOP_FORMATS = ["int32", "int64", "double", "uri", "repo.nwo", "binary", "uri-template", "email", "timestamp"];

/**
 * Checks requests against GitHub's REST description with ajv. Validators are compiled lazily per operation and
 * cached, in the process and on disk ({@link ValidatorStore}: the next test process loads them instead of compiling);
 * the description's OpenAPI dialect is rewritten on the way (`#/components/schemas` refs become local
 * `definitions`, `nullable: true` becomes a type union) so ajv can compile it.
 */
export class RequestValidator {
  readonly #index: OpenApiIndex;
  readonly #cache = new Map<string, OperationValidators>();
  /** `operationId status` -> validator of the JSON body, `null` when the description gives no JSON schema. */
  readonly #responseCache = new Map<string, ValidateFunction | null | "undescribed">();
  readonly #paramsAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: "array", code: { source: true } });
  readonly #bodyAjv = new Ajv({ strict: false, allErrors: true, code: { source: true } });
  readonly #responseAjv = new Ajv({ strict: false, allErrors: true, inlineRefs: false, code: { source: true } });
  readonly #sharedIds = new Set<string>();
  readonly #store: ValidatorStore | undefined;

  /**
   * `storeRoot`: the directory compiled validators are kept in between processes ({@link ValidatorStore}; default
   * `node_modules/.cache`; `false`: compile in every process).
   */
  constructor(index: OpenApiIndex, options: { storeRoot?: string | false } = {}) {
    this.#index = index;
    const inputs = [JSON.stringify(index.document), sourceOf(import.meta.url)];
    this.#store = options.storeRoot === false ? undefined : new ValidatorStore(inputs, options.storeRoot);
    for (const ajv of [this.#paramsAjv, this.#bodyAjv, this.#responseAjv]) {
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

  /**
   * Validates a JSON response `body` sent with `status` for `operation` against the response the description gives
   * for that status (or `default`). Returns the problems found: a status the operation does not describe, or a
   * body its schema does not allow (missing required fields, wrong types). Responses described without a JSON
   * schema are not checked.
   */
  validateResponse(operation: OpenApiOperation, status: number, body: unknown): string[] {
    const key = `${operation.operationId} ${status}`;
    let validator = this.#responseCache.get(key);
    if (validator === undefined) {
      validator = this.#compileResponse(operation, status);
      this.#responseCache.set(key, validator);
    }
    if (validator === "undescribed") {
      // Error statuses the description leaves out (a 404 for a deleted comment) are GitHub's too: only a success
      // status the operation does not describe is the simulator's mistake.
      return status < 400 ? [`response: status ${status} is not a response the description gives for this operation`] : [];
    }
    if (validator === null || validator(body)) return [];
    return describe("response", validator.errors);
  }

  #compileResponse(operation: OpenApiOperation, status: number): ValidateFunction | null | "undescribed" {
    const document = this.#index.document as unknown as {
      paths: Record<string, Record<string, { responses?: Record<string, DescribedResponse | { $ref: string }> }>>;
      components: { responses?: Record<string, DescribedResponse> };
    };
    if (DESCRIPTION_DEFECTS.has(`${operation.operationId} ${status}`)) return null;
    const responses = document.paths[operation.template]?.[operation.method.toLowerCase()]?.responses ?? {};
    let described = responses[String(status)] ?? responses.default;
    if (described === undefined) return "undescribed";
    if ("$ref" in described) {
      const name = described.$ref.startsWith(RESPONSE_REF) ? described.$ref.slice(RESPONSE_REF.length) : "";
      described = document.components.responses?.[name] ?? {};
    }
    const schema = (described as DescribedResponse).content?.["application/json"]?.schema;
    if (schema === undefined) return null;
    const name = `response ${operation.operationId} ${status}`;
    const stored = this.#store?.get(name);
    if (stored) return stored;
    const validator = this.#responseAjv.compile(anyOfForOneOf(this.#convert(schema, this.#shared)) as object);
    this.#store?.put(name, this.#responseAjv, validator);
    return validator;
  }

  #validators(operation: OpenApiOperation): OperationValidators {
    const cached = this.#cache.get(operation.operationId) ?? this.#stored(operation);
    if (cached) return cached;
    const definitions = new Map<string, unknown>();
    const refOf = this.#inline(definitions);
    const paramSchema = (location: "path" | "query"): Record<string, unknown> => {
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const p of operation.parameters.filter((x) => x.in === location)) {
        properties[p.name] = this.#convert(p.schema ?? {}, refOf);
        if (p.required) required.push(p.name);
      }
      return { type: "object", properties, required, additionalProperties: false };
    };
    const params = paramSchema("path");
    const query = paramSchema("query");
    const jsonBody = operation.requestBody?.content?.["application/json"]?.schema;
    const body = jsonBody === undefined ? undefined : closeTopLevel(this.#convert(jsonBody, refOf));
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
    if (this.#store) {
      this.#store.put(`params ${operation.operationId}`, this.#paramsAjv, validators.params);
      this.#store.put(`query ${operation.operationId}`, this.#paramsAjv, validators.query);
      if (validators.body) this.#store.put(`body ${operation.operationId}`, this.#bodyAjv, validators.body);
    }
    return validators;
  }

  /** The validators of `operation` from the store, when it holds all of them. */
  #stored(operation: OpenApiOperation): OperationValidators | undefined {
    if (!this.#store) return undefined;
    const hasBody = operation.requestBody?.content?.["application/json"]?.schema !== undefined;
    const params = this.#store.get(`params ${operation.operationId}`);
    const query = this.#store.get(`query ${operation.operationId}`);
    const body = hasBody ? this.#store.get(`body ${operation.operationId}`) : undefined;
    if (!params || !query || (hasBody && !body)) return undefined;
    const validators: OperationValidators = { params, query, ...(body ? { body } : {}), bodyRequired: operation.requestBody?.required === true && hasBody };
    this.#cache.set(operation.operationId, validators);
    return validators;
  }

  /**
   * Deep-copies a description schema into ajv's dialect; `refOf` turns a referenced component schema's name into
   * the `$ref` to use (and makes sure the target is available there).
   */
  #convert(node: unknown, refOf: (name: string) => string): unknown {
    if (Array.isArray(node)) return node.map((x) => this.#convert(x, refOf));
    if (node === null || typeof node !== "object") return node;
    const source = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) {
      if (key === "example" || key === "examples" || key === "description" || key === "nullable") continue;
      if (key === "$ref" && typeof value === "string" && value.startsWith(SCHEMA_REF)) {
        out.$ref = refOf(value.slice(SCHEMA_REF.length));
        continue;
      }
      out[key] = key === "properties" ? this.#convertMap(value, refOf) : this.#convert(value, refOf);
    }
    if (source.nullable !== true) return out;
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (Array.isArray(out.type)) out.type = [...(out.type as unknown[]), "null"];
    else return { anyOf: [out, { type: "null" }] };
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }

  #convertMap(value: unknown, refOf: (name: string) => string): unknown {
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#convert(v, refOf)]));
  }

  #component(name: string): unknown {
    const target = this.#index.document.components.schemas[name];
    if (target === undefined) throw new Error(`request-validation: unresolvable schema reference ${SCHEMA_REF}${name}`);
    return target;
  }

  /** A `$ref` mapper that copies each referenced component once into `definitions` (one compiled schema). */
  #inline(definitions: Map<string, unknown>): (name: string) => string {
    const refOf = (name: string): string => {
      if (!definitions.has(name)) {
        definitions.set(name, {});
        definitions.set(name, this.#convert(this.#component(name), refOf));
      }
      return `#/definitions/${name}`;
    };
    return refOf;
  }

  /**
   * A `$ref` mapper for responses: each component is added to the response ajv once, under its own id, so the
   * large shared schemas (repository, user, pull request) compile once per process rather than once per operation.
   */
  readonly #shared = (name: string): string => {
    const id = `github:${name}`;
    if (!this.#sharedIds.has(id)) {
      this.#sharedIds.add(id);
      this.#responseAjv.addSchema(anyOfForOneOf(this.#convert(this.#component(name), this.#shared)) as object, id);
    }
    return id;
  };
}

/**
 * The description's response `oneOf`s list schemas that are not exclusive (`basic-error` and
 * `repository-rule-violation-error` both match a plain error; `private-user` and `public-user` are told apart only
 * by a discriminator ajv cannot read), so a real GitHub answer would match several: read them as `anyOf`.
 */
function anyOfForOneOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anyOfForOneOf);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "discriminator") continue;
    out[key === "oneOf" ? "anyOf" : key] = anyOfForOneOf(value);
  }
  return out;
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
