import type { FieldId, Problem } from "../types.js";
import { nameCharacterProblem, textCharacterProblem } from "./characters.js";
import { fieldLabel } from "./fields.js";

/** How a value is used: a name (identifier, login) or free text shown to people. */
export type ValueKind = "name" | "text";

/**
 * The problem of a value with invisible, direction-control or (for names) non-ASCII characters, or `undefined`.
 * Parsing and schema validation both call this, so the same value yields the same problem (and duplicates can
 * be dropped by comparing field and message).
 */
export function characterProblem(field: FieldId, value: string, kind: ValueKind): Problem | undefined {
  const reason = kind === "name" ? nameCharacterProblem(value) : textCharacterProblem(value);
  if (reason === undefined) return undefined;
  const shown = kind === "name" ? `'${value}'` : "The text";
  return {
    field,
    label: fieldLabel(field),
    message: `${shown} ${reason}`,
    expected:
      kind === "name"
        ? "a name typed with plain ASCII letters, digits and '-' only"
        : "plain text without invisible or control characters",
    value,
  };
}
