import type { Problem } from "../types.js";

/** What decides who may ask for a change to an existing team, as the GitOps base branch and configuration hold it. */
export interface AskFacts {
  /** Who opened the request issue. */
  requester: string;
  team: string;
  /** The users of the team's Group on the base branch. */
  members: readonly string[];
  /** The namespace the change is about, with the owner and requester its Namespace records (annotations). */
  namespace?: { name: string; owner?: string | undefined; requester?: string | undefined };
  /** The approvers (configured users and the OWNERS file's approvers on the base branch). */
  approvers: readonly string[];
}

/** Why the requester may ask. */
export type AskAllowed = "member" | "owner" | "requester" | "approver";

/** Most names listed in a refusal before "and N more". */
const LISTED = 10;

function names(values: readonly string[]): string {
  const shown = values.slice(0, LISTED).map((v) => `'${v}'`).join(", ");
  return values.length > LISTED ? `${shown} and ${values.length - LISTED} more` : shown;
}

/**
 * Whether the requester may ask for a change to an existing team: a member of its group as the base branch holds
 * it, the namespace's recorded owner or requester (annotations), or an approver; logins compare ignoring case. Anyone
 * else is refused with a problem that names who may ask.
 */
export function whoMayAsk(facts: AskFacts): { allowed: AskAllowed } | { problem: Problem } {
  const me = facts.requester.toLowerCase();
  const is = (login: string | undefined): boolean => login !== undefined && login.toLowerCase() === me;
  if (facts.members.some(is)) return { allowed: "member" };
  if (is(facts.namespace?.owner)) return { allowed: "owner" };
  if (is(facts.namespace?.requester)) return { allowed: "requester" };
  if (facts.approvers.some(is)) return { allowed: "approver" };
  const who = [`a member of team '${facts.team}'${facts.members.length > 0 ? ` (${names(facts.members)})` : ""}`];
  const ns = facts.namespace;
  if (ns?.owner) who.push(`the owner of namespace '${ns.name}' ('${ns.owner}')`);
  if (ns?.requester && ns.requester !== ns.owner) who.push(`who requested namespace '${ns.name}' ('${ns.requester}')`);
  who.push(facts.approvers.length > 0 ? `an approver (${names(facts.approvers)})` : "an approver");
  return {
    problem: {
      field: "team",
      label: "Team name",
      message: `'${facts.requester}' may not ask for changes to team '${facts.team}': only ${who.join(", ")} may. Nothing was written`,
      expected: "a request filed by someone who belongs to the team, or an approver filing it for them",
      value: facts.requester,
    },
  };
}
