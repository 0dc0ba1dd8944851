/**
 * Regenerates test/simulator/openapi-extract.json from GitHub's REST description in the pinned `@octokit/openapi`
 * package (scripts/openapi/package.json; the package is ~385 MB installed, so it is not a dependency of the project):
 *
 *   npm run openapi        # = npm ci --prefix scripts/openapi && node --import tsx scripts/extract-openapi.ts
 *
 * The extract keeps, for every operation of api.github.com, its path, method, operationId and parameter names (so
 * the simulator still tells "no such route" from "not implemented yet"), and, for the operations the simulator serves
 * (the ones the app uses), everything the validators need: parameter schemas, the request body and every response
 * with its schema, and the component schemas, parameters, responses and headers they reference. Prose (summaries,
 * descriptions), examples and GitHub's `x-github` metadata are dropped.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the pinned package is installed, its source file, and where the extract goes. */
export const OPENAPI_PACKAGE_DIR = join(root, "scripts", "openapi", "node_modules", "@octokit", "openapi");
export const OPENAPI_SOURCE = join(OPENAPI_PACKAGE_DIR, "generated", "api.github.com.json");
export const EXTRACT_PATH = join(root, "test", "simulator", "openapi-extract.json");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);
/** Keys that carry prose or examples only; dropped everywhere. */
const DROPPED_KEYS = new Set(["summary", "description", "example", "examples", "x-github", "externalDocs", "tags"]);
const COMPONENT_KINDS = ["schemas", "parameters", "responses", "headers"] as const;

/** Deep copy without {@link DROPPED_KEYS}, except inside `properties` maps where keys are field names. */
function strip(node: Json, propertyNames = false): Json {
  if (Array.isArray(node)) return node.map((x) => strip(x));
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!propertyNames && DROPPED_KEYS.has(key)) continue;
    out[key] = strip(value, !propertyNames && key === "properties");
  }
  return out;
}

/** Every `#/components/<kind>/<name>` reference in `node`. */
function references(node: Json, found: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(node)) for (const x of node) references(x, found);
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      const match = key === "$ref" && typeof value === "string" ? /^#\/components\/(\w+)\/(.+)$/.exec(value) : null;
      if (match) found.push([match[1]!, match[2]!]);
      else references(value, found);
    }
  }
  return found;
}

/** A parameter of an operation kept only for routing: name, location, requiredness, multi-segment flag. */
function routingParameter(parameter: JsonObject, components: JsonObject): JsonObject {
  let p = parameter;
  const ref = typeof p.$ref === "string" ? /^#\/components\/parameters\/(.+)$/.exec(p.$ref)?.[1] : undefined;
  if (ref !== undefined) p = (components.parameters as JsonObject)[ref] as JsonObject;
  const out: JsonObject = { name: p.name!, in: p.in! };
  if (p.required === true) out.required = true;
  if (p["x-multi-segment"] === true) out["x-multi-segment"] = true;
  return out;
}

/** Builds the extract from the full description, keeping `full` operations whole. Pure: the drift test calls it. */
export function buildExtract(source: JsonObject, full: ReadonlySet<string>, provenance: JsonObject): JsonObject {
  const components = source.components as JsonObject;
  const paths: JsonObject = {};
  const wanted: Array<[string, string]> = [];
  const kept = new Set<string>();
  for (const [template, rawItem] of Object.entries(source.paths as JsonObject)) {
    const item = rawItem as JsonObject;
    const shared = (item.parameters as JsonObject[] | undefined) ?? [];
    const outItem: JsonObject = {};
    for (const [method, rawOp] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const op = rawOp as JsonObject;
      const operationId = op.operationId as string;
      if (full.has(operationId)) {
        const parameters = [...shared, ...((op.parameters as JsonObject[] | undefined) ?? [])];
        const outOp = strip({ ...op, parameters }) as JsonObject;
        references(outOp, wanted);
        outItem[method] = outOp;
        kept.add(operationId);
      } else {
        const parameters = [...shared, ...((op.parameters as JsonObject[] | undefined) ?? [])].map((p) => routingParameter(p, components));
        outItem[method] = { operationId, ...(parameters.length > 0 ? { parameters } : {}) };
      }
    }
    if (Object.keys(outItem).length > 0) paths[template] = outItem;
  }
  const missing = [...full].filter((id) => !kept.has(id));
  if (missing.length > 0) throw new Error(`extract-openapi: operations not in the description: ${missing.join(", ")}`);

  const outComponents: Record<string, JsonObject> = Object.fromEntries(COMPONENT_KINDS.map((k) => [k, {}]));
  while (wanted.length > 0) {
    const [kind, name] = wanted.pop()!;
    const bucket = outComponents[kind];
    if (!bucket) throw new Error(`extract-openapi: unexpected reference to components.${kind}`);
    if (name in bucket) continue;
    const target = (components[kind] as JsonObject | undefined)?.[name];
    if (target === undefined) throw new Error(`extract-openapi: unresolvable reference #/components/${kind}/${name}`);
    bucket[name] = strip(target);
    references(bucket[name]!, wanted);
  }
  for (const kind of COMPONENT_KINDS) outComponents[kind] = Object.fromEntries(Object.entries(outComponents[kind]!).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: source.openapi!,
    info: { title: (source.info as JsonObject).title!, version: (source.info as JsonObject).version! },
    "x-extract": { ...provenance, fullOperations: [...full].sort() },
    paths,
    components: outComponents,
  };
}

/** The operations kept whole: every operation the simulator serves (see test/simulator/http-handler.ts). */
export async function fullOperations(): Promise<Set<string>> {
  const { HANDLERS } = await import("../test/simulator/http-handler.js");
  return new Set(Object.keys(HANDLERS));
}

/** The extract the pinned package gives now, serialised as it is committed. */
export async function generateExtract(): Promise<string> {
  const text = readFileSync(OPENAPI_SOURCE, "utf8");
  const pkg = JSON.parse(readFileSync(join(OPENAPI_PACKAGE_DIR, "package.json"), "utf8")) as { name: string; version: string };
  const provenance = {
    package: `${pkg.name}@${pkg.version}`,
    file: "generated/api.github.com.json",
    sha256: createHash("sha256").update(text).digest("hex"),
    generator: "scripts/extract-openapi.ts (npm run openapi)",
  };
  return `${JSON.stringify(buildExtract(JSON.parse(text) as JsonObject, await fullOperations(), provenance), null, 1)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await generateExtract();
  writeFileSync(EXTRACT_PATH, out);
  console.log(`wrote ${EXTRACT_PATH} (${Math.round(out.length / 1024)} KiB)`);
}
