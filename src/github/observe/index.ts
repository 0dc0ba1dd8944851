/**
 * Step 1 of the controller, observe: one GraphQL snapshot of everything a request's decision needs.
 * `buildObserveQuery` writes the document, `observe` sends it, `parseObserveResult` turns the answer into an
 * {@link Observation}.
 */
export { buildObserveQuery, CONFIG_EXPRESSION, type ObserveQuery, type ObserveScope } from "./build-observe-query.js";
export { checkObserveInput, observeInputSchema, type ObserveInput } from "./observe-input.js";
export { NotAnIssueError, observe, partialDataOfUnknownLogins, type ObserveClients } from "./observe.js";
export { parseObserveResult } from "./parse-observe-result.js";
export type * from "./observation.js";
