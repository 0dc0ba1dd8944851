import { fieldLabel } from "../intake/fields.js";
import type { FieldId, Problem } from "../types.js";

/**
 * A rendering problem filed under a form field, labelled from the issue form's field table. Rendering problems are
 * mostly about the GitOps repository or the configuration (an overlay that is missing or unreachable), so `expected`
 * tells maintainers what would be right.
 */
export function renderProblem(field: FieldId, message: string, expected?: string, value?: string): Problem {
  const problem: Problem = { field, label: fieldLabel(field), message };
  if (expected !== undefined) problem.expected = expected;
  if (value !== undefined) problem.value = value;
  return problem;
}
