import { parse } from "yaml";
import { fieldLabel } from "../../intake/fields.js";
import type { Notice, Problem } from "../../types.js";
import { renderProblem, repositoryProblem } from "../render-problem.js";
import { GROUP_FILE } from "../team-objects.js";
import type { MembersChange } from "./change-request.js";
import { emptySummary, type ChangeInput, type ChangeOutput } from "./change-types.js";
import { insertListItems, listValues, removeListItems } from "./edit-yaml-list.js";
import { existingTeam } from "./tenant-lookup.js";

/** Most members named in a problem before "and N more". */
const LISTED = 10;

function listed(users: readonly string[]): string {
  const shown = users.slice(0, LISTED).map((u) => `'${u}'`).join(", ");
  return users.length > LISTED ? `${shown} and ${users.length - LISTED} more` : shown;
}

/**
 * Adds and removes users of an existing team's Group (`layout.groupDir`/group.yaml, `users:`), with minimal edits:
 * each added user is one new line (in sorted position when the list is sorted, else at its end), each removed user
 * exactly its line, so order, comments and formatting stay. Logins compare ignoring case (GitHub's rule): removing
 * `bob` removes every spelling of it (OpenShift groups often list `Bob` and `bob`); adding a login already listed in
 * that exact spelling is a notice, not a problem. Refused: a team without a Group, removing someone who is not a
 * member, removing every member.
 */
export function renderMembers(input: ChangeInput<MembersChange>): ChangeOutput {
  const { change, snapshot } = input;
  const dirs = existingTeam(input.config, snapshot, change.team);
  if (!("ok" in dirs)) return dirs;
  const file = `${dirs.ok.groupDir}/${GROUP_FILE}`;
  if (!snapshot.paths.has(file)) {
    return { kind: "problems", problems: [repositoryProblem("team", `team '${change.team}' has no ${file}`, `the team's Group in ${file} (maintainers must fix the repository)`, change.team)] };
  }
  const source = snapshot.files.get(file);
  if (source === undefined) return { kind: "needs-files", paths: [file] };
  const object: unknown = (() => {
    try {
      return parse(source);
    } catch {
      return undefined;
    }
  })();
  const kind = (object as { kind?: unknown } | undefined)?.kind;
  const users = listValues(source, "users");
  if (kind !== "Group" || "error" in users) {
    const why = "error" in users ? users.error : `its kind is '${String(kind)}'`;
    return { kind: "problems", problems: [repositoryProblem("team", `${file} is not an OpenShift Group with a list of users: ${why}`, "a user.openshift.io/v1 Group with 'users:' (maintainers must fix the file)", change.team)] };
  }

  const problems: Problem[] = [];
  const notices: Notice[] = [];
  const lower = (s: string): string => s.toLowerCase();
  const remove = new Set((change.remove ?? []).map(lower));
  for (const login of change.remove ?? []) {
    if (!users.some((u) => lower(u) === lower(login))) {
      problems.push(renderProblem("members", `'${login}' is not a member of team '${change.team}' (${file} lists ${listed(users)})`, "a login the group lists, to remove", login));
    }
  }
  const toAdd: string[] = [];
  for (const login of change.add ?? []) {
    if (users.includes(login)) notices.push({ field: "members", label: fieldLabel("members"), message: `'${login}' is already a member of team '${change.team}'; nothing to add` });
    else if (!toAdd.includes(login)) toAdd.push(login);
  }
  const left = users.filter((u) => !remove.has(lower(u)));
  if (problems.length === 0 && left.length + toAdd.length === 0) {
    problems.push(renderProblem("members", `removing ${listed(change.remove ?? [])} would leave team '${change.team}' with no member`, "at least one member to stay; to remove the whole team, offboard its namespaces", (change.remove ?? []).join(", ")));
  }
  if (problems.length > 0) return { kind: "problems", problems };

  // Insert first: whether the list is sorted is judged on the list as the person wrote it.
  const added = insertListItems(source, "users", toAdd);
  if ("error" in added) return { kind: "problems", problems: [repositoryProblem("members", `${file}: ${added.error}`, "a Group whose users is a list of logins")] };
  const removed = removeListItems(added.content, "users", (u) => remove.has(lower(u)));
  if ("error" in removed) return { kind: "problems", problems: [repositoryProblem("members", `${file}: ${removed.error}`, "a Group whose users is a list of logins")] };

  const summary = emptySummary();
  for (const login of added.changed) summary.lines.push(`adds '${login}' to group '${change.team}' (${file})`);
  for (const login of removed.changed) summary.lines.push(`removes '${login}' from group '${change.team}' (${file})`);
  const changed = removed.content !== source;
  if (changed) summary.editedPaths.push(file);
  return { kind: "changed", files: changed ? [{ path: file, content: removed.content }] : [], deletions: [], notices, summary };
}
