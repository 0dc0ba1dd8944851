import { readFileSync } from "node:fs";

/** One parameter of an operation, `$ref`s already resolved. */
export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: unknown;
  "x-multi-segment"?: boolean;
}

/** One operation of GitHub's REST description, with its path template and resolved parameters. */
export interface OpenApiOperation {
  operationId: string;
  method: string;
  template: string;
  parameters: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}

/** The parts of the OpenAPI document the simulator reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; parameters: Record<string, OpenApiParameter> };
}

/** A request path matched to an operation: raw (still percent-encoded) and decoded path parameter values. */
export interface RouteMatch {
  operation: OpenApiOperation;
  params: Record<string, string>;
}

interface TrieNode {
  literals: Map<string, TrieNode>;
  /** Child for a parameter matching one segment. */
  param?: TrieNode;
  /** Child for an `x-multi-segment` parameter matching one or more segments. */
  multi?: TrieNode;
  /** method (upper case) -> operation and its path parameter names in template order. */
  operations: Map<string, { operation: OpenApiOperation; names: string[] }>;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

function newNode(): TrieNode {
  return { literals: new Map(), operations: new Map() };
}

/**
 * GitHub's REST description indexed for routing: a trie of path templates whose `{param}` segments match one raw
 * path segment, or several when the description marks the parameter `x-multi-segment` (`{path}`, `{ref}`, ...).
 * Literal segments win over parameters, single-segment parameters over multi-segment ones.
 */
export class OpenApiIndex {
  readonly document: OpenApiDocument;
  readonly #root = newNode();
  readonly #byId = new Map<string, OpenApiOperation>();

  constructor(document: OpenApiDocument) {
    this.document = document;
    for (const [template, item] of Object.entries(document.paths)) {
      const shared = (item.parameters as OpenApiParameter[] | undefined) ?? [];
      for (const [method, raw] of Object.entries(item)) {
        if (!HTTP_METHODS.has(method)) continue;
        const op = raw as { operationId: string; parameters?: OpenApiParameter[]; requestBody?: OpenApiOperation["requestBody"] };
        const parameters = [...shared, ...(op.parameters ?? [])].map((p) => this.#resolveParameter(p));
        const operation: OpenApiOperation = {
          operationId: op.operationId,
          method: method.toUpperCase(),
          template,
          parameters,
          ...(op.requestBody ? { requestBody: op.requestBody } : {}),
        };
        this.#byId.set(operation.operationId, operation);
        this.#insert(operation);
      }
    }
  }

  /** The operation with this `operationId`, e.g. `issues/create`. */
  operation(operationId: string): OpenApiOperation | undefined {
    return this.#byId.get(operationId);
  }

  /**
   * Finds the operation for `method` and a raw (percent-encoded) pathname; parameter values come back decoded
   * (Octokit percent-encodes `/` inside `{ref}` and `{path}`). Returns `undefined` when no template matches the path
   * (or it is malformed), and `"method-not-allowed"` when the path exists only for other methods.
   */
  match(method: string, pathname: string): RouteMatch | "method-not-allowed" | undefined {
    const segments = pathname.split("/").slice(1);
    if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
    let found = this.#walk(this.#root, segments, 0, method.toUpperCase(), []);
    // An empty trailing multi-segment parameter: `contents` / `contents/` (empty `{path}`) is the repository root.
    if (found === undefined) found = this.#walk(this.#root, [...segments, ""], 0, method.toUpperCase(), []);
    if (!found || found === "method-not-allowed") return found;
    try {
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(found.params)) params[name] = decodeURIComponent(value);
      return { operation: found.operation, params };
    } catch {
      return undefined;
    }
  }

  #resolveParameter(p: OpenApiParameter | { $ref: string }): OpenApiParameter {
    if ("$ref" in p) {
      const name = p.$ref.replace("#/components/parameters/", "");
      const resolved = this.document.components.parameters[name];
      if (!resolved) throw new Error(`openapi-index: unresolvable parameter reference ${p.$ref}`);
      return resolved;
    }
    return p;
  }

  #insert(operation: OpenApiOperation): void {
    const multi = new Set(operation.parameters.filter((p) => p["x-multi-segment"]).map((p) => p.name));
    const names: string[] = [];
    let node = this.#root;
    for (const segment of operation.template.split("/").slice(1)) {
      const param = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (param === undefined) {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = newNode()));
        node = next;
      } else {
        names.push(param);
        node = multi.has(param) ? (node.multi ??= newNode()) : (node.param ??= newNode());
      }
    }
    node.operations.set(operation.method, { operation, names });
  }

  #walk(node: TrieNode, segments: string[], index: number, method: string, values: string[]): RouteMatch | "method-not-allowed" | undefined {
    if (index === segments.length) {
      if (node.operations.size === 0) return undefined;
      const found = node.operations.get(method);
      if (!found) return "method-not-allowed";
      const params: Record<string, string> = {};
      found.names.forEach((name, i) => (params[name] = values[i] ?? ""));
      return { operation: found.operation, params };
    }
    const segment = segments[index] as string;
    let fallback: "method-not-allowed" | undefined;
    const attempt = (next: TrieNode, end: number, value?: string): RouteMatch | undefined => {
      const found = this.#walk(next, segments, end, method, value === undefined ? values : [...values, value]);
      if (found === "method-not-allowed") fallback = found;
      return found === "method-not-allowed" ? undefined : found;
    };
    const literal = node.literals.get(segment);
    const viaLiteral = literal && attempt(literal, index + 1);
    if (viaLiteral) return viaLiteral;
    const emptyTail = segment === "" && index === segments.length - 1;
    if (segment === "" && !emptyTail) return fallback;
    const viaParam = !emptyTail && node.param && attempt(node.param, index + 1, segment);
    if (viaParam) return viaParam;
    if (node.multi) {
      for (let end = index + 1; end <= segments.length; end++) {
        const viaMulti = attempt(node.multi, end, segments.slice(index, end).join("/"));
        if (viaMulti) return viaMulti;
      }
    }
    return fallback;
  }
}

let cachedIndex: OpenApiIndex | undefined;

/** The committed extract of GitHub's REST description (see scripts/extract-openapi.ts, `npm run openapi`). */
export const OPENAPI_EXTRACT = new URL("./openapi-extract.json", import.meta.url);

/**
 * Loads the extract of api.github.com's REST description once per process and indexes it: every operation's route,
 * and the full request and response schemas of the operations the simulator serves.
 */
export function loadOpenApiIndex(): OpenApiIndex {
  if (cachedIndex) return cachedIndex;
  cachedIndex = new OpenApiIndex(JSON.parse(readFileSync(OPENAPI_EXTRACT, "utf8")) as OpenApiDocument);
  return cachedIndex;
}
