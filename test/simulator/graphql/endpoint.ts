import {
  type DocumentNode,
  executeSync,
  type FragmentDefinitionNode,
  getOperationAST,
  type GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { ApiError, type SimState } from "../model.js";
import type { GraphqlCallInfo } from "../types.js";
import type { GqlContext } from "./context.js";
import { fromApiError, GraphqlApiError, type GithubGraphqlError, validationError } from "./errors.js";
import { gitError, mutationRoot } from "./mutations.js";
import { queryRoot } from "./query.js";
import { githubSchema, prepareDocument } from "./schema.js";

const DOCS = "https://docs.github.com/graphql";

/** The HTTP answer to `POST /graphql`. */
export interface GraphqlAnswer {
  status: number;
  body: unknown;
  info: GraphqlCallInfo;
}

// Fields are plain values, or functions of the field's arguments; a field the object does not define is one the
// simulator does not answer yet, which is recorded as a violation so the gap is visible.
const fieldResolver: GraphQLFieldResolver<unknown, GqlContext> = (source, args, ctx, info) => {
  if (source === null || typeof source !== "object") return undefined;
  if (!(info.fieldName in source)) {
    const where = `${info.parentType.name}.${info.fieldName}`;
    ctx.violations.push(`POST /graphql: the simulator does not answer ${where} yet (add it to test/simulator/graphql)`);
    throw new GraphqlApiError("INTERNAL", `simulator: ${where} is not simulated`);
  }
  const value = (source as Record<string, unknown>)[info.fieldName];
  return typeof value === "function" ? (value as (a: unknown, c: GqlContext, i: unknown) => unknown)(args, ctx, info) : value;
};

const typeResolver: GraphQLTypeResolver<unknown, GqlContext> = (value) =>
  value !== null && typeof value === "object" ? ((value as { __typename?: string }).__typename ?? undefined) : undefined;

function intArgument(value: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const bound = variables[value.name.value];
    return typeof bound === "number" ? bound : undefined;
  }
  return undefined;
}

/** GitHub's most nodes one query may request. */
const MAX_NODES = 500_000;

/** What a query weighs in GitHub's terms. */
interface QueryWeight {
  /** Rate-limit points. */
  cost: number;
  /** Nodes the connections may return at most (`rateLimit { nodeCount }`). */
  nodes: number;
  /** The first connection at which the running node count passed GitHub's limit, if any. */
  overLimit?: { connection: string; nodes: number };
}

/**
 * GitHub's weight of a query: each `first`/`last` connection costs one request per parent it is fetched for and may
 * return `first` nodes per parent; the cost is the requests / 100, rounded, at least 1 (mutations cost 1), and a
 * query past 500,000 nodes is refused.
 */
function queryWeight(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): QueryWeight {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let requests = 0;
  let nodes = 0;
  let overLimit: QueryWeight["overLimit"];
  const walk = (set: SelectionSetNode, multiplier: number, seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, multiplier, seen);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) walk(fragment.selectionSet, multiplier, new Set([...seen, fragment.name.value]));
      } else {
        const size = (selection.arguments ?? [])
          .filter((a) => a.name.value === "first" || a.name.value === "last")
          .map((a) => intArgument(a.value, variables))
          .find((n) => n !== undefined);
        if (size !== undefined) {
          requests += multiplier;
          nodes += multiplier * size;
          if (nodes > MAX_NODES) overLimit ??= { connection: selection.name.value, nodes };
        }
        if (selection.selectionSet) walk(selection.selectionSet, size === undefined ? multiplier : multiplier * Math.max(size, 1), seen);
      }
    }
  };
  walk(operation.selectionSet, 1, new Set());
  const cost = operation.operation === "query" ? Math.max(1, Math.round(requests / 100)) : 1;
  return { cost, nodes, ...(overLimit ? { overLimit } : {}) };
}

/**
 * A variable the operation cannot take (missing, null or of the wrong type), worded as GitHub does: "Variable
 * $input of type CreateCommitOnBranchInput! was provided invalid value".
 */
function variableError(error: GraphQLError, operation: OperationDefinitionNode): GithubGraphqlError {
  const name = /^Variable "\$([^"]+)"/.exec(error.message)?.[1];
  const definition = operation.variableDefinitions?.find((d) => d.variable.name.value === name);
  const locations = error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {};
  if (!definition) return { ...locations, message: error.message };
  return { extensions: { problems: [{ explanation: error.message }] }, ...locations, message: `Variable $${name} of type ${print(definition.type)} was provided invalid value` };
}

function executionError(error: GraphQLError, ctx: GqlContext): GithubGraphqlError {
  const original = error.originalError;
  const where = {
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {}),
  };
  if (original instanceof GraphqlApiError) return { type: original.type, ...where, message: original.message };
  if (original instanceof ApiError) {
    const mapped = fromApiError(original);
    return { type: mapped.type, ...where, message: mapped.message };
  }
  const git = gitError(original);
  if (git) return { type: git.type, ...where, message: git.message };
  if (original) {
    ctx.violations.push(`POST /graphql: simulator failure: ${original.stack ?? original.message}`);
    return { ...where, message: "Something went wrong while executing your query. Please include the request id when reporting this issue." };
  }
  return { ...where, message: error.message };
}

/** The root fields (by name, in order) that GitHub answered with a value: for a mutation, the ones that were carried out. */
function answeredFieldsOf(operation: OperationDefinitionNode, data: Record<string, unknown> | null | undefined): string[] {
  return operation.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD && data?.[s.alias?.value ?? s.name.value] !== null && data?.[s.alias?.value ?? s.name.value] !== undefined ? [s.name.value] : [],
  );
}

function rootFieldsOf(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

/**
 * The operation a raw `POST /graphql` body selects, for fault matching: its name (when it has one) and root fields
 * (empty when it is not a valid document).
 */
export function graphqlOperationOf(raw: Buffer): { name: string | undefined; rootFields: string[] } {
  try {
    const request = JSON.parse(raw.toString("utf8")) as { query?: unknown; operationName?: unknown };
    const document = typeof request.query === "string" ? prepareDocument(request.query).document : undefined;
    const operation = document && getOperationAST(document, typeof request.operationName === "string" ? request.operationName : undefined);
    return operation ? { name: operation.name?.value, rootFields: rootFieldsOf(operation) } : { name: undefined, rootFields: [] };
  } catch {
    return { name: undefined, rootFields: [] };
  }
}

/**
 * Answers one `POST /graphql` body for an installation: the document is parsed and validated against GitHub's
 * schema (cached by text; a document the schema rejects is a violation, answered 200 with `errors` as GitHub
 * does), then executed against the simulator's state. Execution errors come back in GitHub's shape
 * (`{ type, path, locations, message }`) next to the partial `data`.
 */
export function answerGraphql(state: SimState, violations: string[], installationId: number, raw: Buffer): GraphqlAnswer {
  const info: GraphqlCallInfo = { rootFields: [], cost: 0 };
  let request: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    request = JSON.parse(raw.toString("utf8")) as typeof request;
  } catch {
    violations.push("POST /graphql: the body is not JSON");
    return { status: 400, body: { message: "Problems parsing JSON", documentation_url: DOCS }, info };
  }
  if (typeof request.query !== "string") {
    violations.push("POST /graphql: the body has no `query` string");
    return { status: 200, body: { errors: [{ message: "A query attribute must be specified and must be a string." }] }, info };
  }
  const operationName = typeof request.operationName === "string" ? request.operationName : undefined;
  if (operationName !== undefined) info.operationName = operationName;
  const prepared = prepareDocument(request.query);
  if (!prepared.document || prepared.errors.length > 0) {
    violations.push(`POST /graphql: query not allowed by GitHub's GraphQL schema: ${prepared.errors.map((e) => e.message).join("; ")}`);
    return { status: 200, body: { errors: prepared.errors.map(validationError) }, info };
  }
  const document = prepared.document;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    violations.push(`POST /graphql: no operation ${operationName === undefined ? "(several, and no operationName)" : `named '${operationName}'`}`);
    return { status: 200, body: { errors: [{ message: "An operation name is required" }] }, info };
  }
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  info.operation = operation.operation;
  if (operation.name) info.operationName = operation.name.value;
  info.rootFields = rootFieldsOf(operation);
  const weight = queryWeight(document, operation, variables);
  if (weight.overLimit) {
    const { connection, nodes } = weight.overLimit;
    const message = `By the time this query traverses to the ${connection} connection, it is requesting up to ${nodes.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString("en-US")}.`;
    violations.push(`POST /graphql: GitHub refuses this query: ${message}`);
    return { status: 200, body: { errors: [{ type: "MAX_NODE_LIMIT_EXCEEDED", message }] }, info };
  }
  info.cost = weight.cost;
  const ctx: GqlContext = { state, installationId, violations, cost: weight.cost, nodes: weight.nodes };
  const result = executeSync({
    schema: githubSchema(),
    document,
    rootValue: { ...queryRoot(ctx), ...mutationRoot(ctx) },
    contextValue: ctx,
    variableValues: variables,
    ...(operationName === undefined ? {} : { operationName }),
    fieldResolver,
    typeResolver,
  });
  const errors = (result.errors ?? []).map((e) => (result.data === undefined ? variableError(e, operation) : executionError(e, ctx)));
  info.answeredFields = answeredFieldsOf(operation, result.data);
  if (result.data === undefined) {
    violations.push(`POST /graphql: variables not allowed by the query: ${errors.map((e) => e.message).join("; ")}`);
  }
  return {
    status: 200,
    body: { ...(result.data === undefined ? {} : { data: result.data }), ...(errors.length > 0 ? { errors } : {}) },
    info,
  };
}
