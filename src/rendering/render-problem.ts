import { fieldLabel } from "../intake/fields.js";
import type { FieldId, Problem } from "../types.js";

/**
 * A rendering problem filed under a form field, labelled from the issue form's field table: something the requester
 * can fix by changing that field.
 */
export function renderProblem(field: FieldId, message: string, expected?: string, value?: string): Problem {
  const problem: Problem = { field, label: fieldLabel(field), message };
  if (expected !== undefined) problem.expected = expected;
  if (value !== undefined) problem.value = value;
  return problem;
}

/**
 * A problem of the GitOps repository or of the bot's configuration, not of the request (`audience: "maintainers"`):
 * an overlay that is missing, unreachable or does not build, a component that does not exist. `field` names the part
 * of the request it concerns; `expected` tells maintainers what would be right.
 */
export function repositoryProblem(field: FieldId, message: string, expected?: string, value?: string): Problem {
  return { ...renderProblem(field, message, expected, value), audience: "maintainers" };
}
