import { changeRequestSchemas, type ChangeKind, type ChangeRequest } from "../rendering/changes/change-request.js";
import type { FieldId, Problem } from "../types.js";
import { CHANGE_KIND_INFO, type ChangeFieldKey } from "./request-kinds.js";

/** The form answer a key of a request shape comes from (`customQuota.cpu` → `custom_cpu`). */
function answerOf(path: readonly PropertyKey[]): ChangeFieldKey | undefined {
  const [first, second] = path.map(String);
  if (first === "customQuota") return second === "memory" ? "custom_memory" : second === "storage" ? "custom_storage" : "custom_cpu";
  if (first === "displayName") return "display_name";
  if (first === "docsUrl") return "docs_url";
  return first as ChangeFieldKey | undefined;
}

/**
 * Checks what was read from a change request's issue against the kind's shape (`change-request.ts`): the request,
 * or one problem per wrong answer, named by the field of the form it was filed with (`labels`).
 */
export function checkChange(kind: ChangeKind, value: Record<string, unknown>, labels: ReadonlyMap<FieldId, string>): { change: ChangeRequest } | { problems: Problem[] } {
  const result = changeRequestSchemas[kind].safeParse(value);
  if (result.success) return { change: { kind, request: result.data } as ChangeRequest };
  const fields = CHANGE_KIND_INFO[kind].fields;
  return {
    problems: result.error.issues.map((issue) => {
      const key = answerOf(issue.path);
      const field = fields.find((f) => f.key === key);
      const id: FieldId = field?.problemField ?? "body";
      const missing = issue.code === "invalid_type" && issue.input === undefined;
      return {
        field: id,
        label: labels.get(id) ?? field?.label ?? "Issue body",
        message: missing ? "is missing" : issue.message,
        expected: missing ? `an answer to '${labels.get(id) ?? field?.label ?? key}'` : (field?.description ?? "a request written with the form"),
      };
    }),
  };
}
