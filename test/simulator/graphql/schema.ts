import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  buildClientSchema,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
  parse,
  validate,
} from "graphql";

let schema: GraphQLSchema | undefined;

/**
 * GitHub's published GraphQL schema (`@octokit/graphql-schema`), built once per process from its introspection
 * result (`buildClientSchema` on `schema.json`, ~0.1 s; `buildSchema` on the SDL needs `assumeValidSDL`, see
 * stack-notes).
 */
export function githubSchema(): GraphQLSchema {
  if (schema) return schema;
  // The package exports only its ESM root, which parses the JSON and more on import: find the file instead.
  const candidates = createRequire(import.meta.url).resolve.paths("@octokit/graphql-schema") ?? [];
  const file = candidates.map((dir) => join(dir, "@octokit/graphql-schema/schema.json")).find((path) => existsSync(path));
  if (file === undefined) throw new Error("graphql schema: @octokit/graphql-schema is not installed (npm ci)");
  const json = JSON.parse(readFileSync(file, "utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
  schema = buildClientSchema(json.data ?? json);
  return schema;
}

/** A query document parsed and validated against the schema; `errors` is empty when GitHub would run it. */
export interface PreparedDocument {
  document?: DocumentNode;
  errors: readonly GraphQLError[];
}

const prepared = new Map<string, PreparedDocument>();
const MAX_CACHED = 500;

/** Parses and validates `text` against GitHub's schema, cached by text (the app sends the same few documents). */
export function prepareDocument(text: string): PreparedDocument {
  const cached = prepared.get(text);
  if (cached) return cached;
  const githubGraphql = githubSchema();
  let result: PreparedDocument;
  try {
    const document = parse(text);
    result = { document, errors: validate(githubGraphql, document) };
  } catch (error) {
    result = { errors: [error as GraphQLError] };
  }
  if (prepared.size >= MAX_CACHED) prepared.delete(prepared.keys().next().value as string);
  prepared.set(text, result);
  return result;
}
