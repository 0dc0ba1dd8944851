import type { GraphQLError } from "graphql";
import { ApiError } from "../model.js";

/** The `type` GitHub puts on an execution error (e.g. `NOT_FOUND` for a repository the token cannot see). */
export type GraphqlErrorType =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNPROCESSABLE"
  | "STALE_DATA"
  | "MISSING_PAGINATION_BOUNDARIES"
  | "EXCESSIVE_PAGINATION"
  | "INTERNAL";

/** An execution error the way GitHub reports it: `{ type, path, locations, message }`, the field resolving to null. */
export class GraphqlApiError extends Error {
  readonly type: GraphqlErrorType;
  constructor(type: GraphqlErrorType, message: string) {
    super(message);
    this.type = type;
  }
}

/** GitHub's error for something the token cannot see or that does not exist. */
export function notFound(message: string): GraphqlApiError {
  return new GraphqlApiError("NOT_FOUND", message);
}

/** A REST-domain error (thrown by the shared `*-ops.ts` operations) as GitHub's GraphQL API words it. */
export function fromApiError(error: ApiError): GraphqlApiError {
  const details = (error.errors ?? [])
    .map((e) => (typeof e === "string" ? e : (e as { message?: unknown }).message))
    .filter((m): m is string => typeof m === "string");
  const message = details.length > 0 ? details.join(", ") : error.message;
  const type: GraphqlErrorType =
    error.status === 404 ? "NOT_FOUND" : error.status === 403 ? "FORBIDDEN" : "UNPROCESSABLE";
  return new GraphqlApiError(type, message);
}

/** One entry of a response's `errors`, in GitHub's shape. */
export interface GithubGraphqlError {
  type?: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  message: string;
}

/**
 * A static (validation) error worded as GitHub's GraphQL server (graphql-ruby) words the common ones, with its
 * `extensions.code`; other messages keep graphql-js's wording.
 */
export function validationError(error: GraphQLError): GithubGraphqlError {
  const locations = error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {};
  const field = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(error.message);
  if (field) {
    const [, fieldName, typeName] = field as unknown as [string, string, string];
    return {
      extensions: { code: "undefinedField", typeName, fieldName },
      ...locations,
      message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
    };
  }
  const argument = /^Unknown argument "([^"]+)" on field "[^".]+\.([^"]+)"\./.exec(error.message);
  if (argument) {
    const [, argumentName, fieldName] = argument as unknown as [string, string, string];
    return {
      extensions: { code: "argumentNotAccepted", name: fieldName, typeName: "Field", argumentName },
      ...locations,
      message: `Field '${fieldName}' doesn't accept argument '${argumentName}'`,
    };
  }
  const required = /^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./.exec(error.message);
  if (required) {
    const [, fieldName, argumentName] = required as unknown as [string, string, string];
    return {
      extensions: { code: "missingRequiredArguments", className: "Field", name: fieldName, arguments: argumentName },
      ...locations,
      message: `Field '${fieldName}' is missing required arguments: ${argumentName}`,
    };
  }
  return { ...locations, message: error.message };
}
