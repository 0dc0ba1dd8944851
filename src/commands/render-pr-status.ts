import { boundComment, moreItems, type CommentPart } from "../status/bound-comment.js";
import type { ApprovalState } from "./approval-state.js";
import { codeLogin, GITHUB_LOGIN } from "./github-login.js";
import type { MergeConfig, MergeDecision } from "./merge-decision.js";
import type { Roles } from "./roles.js";

/** Inputs of {@link renderPrStatus}. */
export interface RenderPrStatusInput {
  state: ApprovalState;
  decision: MergeDecision;
  roles: Roles;
  config: MergeConfig;
  /** Link to the request issue; shown only when it is an http(s) URL. */
  requestUrl: string;
  /** Hidden marker that finds the comment again, e.g. `<!-- onboarding-bot:pr-status -->`; put first. */
  marker: string;
}

/** How many approvers "Who can approve" names before "+N more". */
export const MAX_LISTED_APPROVERS = 10;

/** How many people a cell of the table (approvals, lgtm, holds) names before "+N more": anyone can `/hold`. */
export const MAX_LISTED_PEOPLE = 20;

/** `@login` mentions in the bot's own reason lines, turned into code spans so updating the comment pings nobody. */
const MENTION = /@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![A-Za-z0-9-])/g;

/** The first {@link MAX_LISTED_PEOPLE} entries joined, then "+N more". */
function capped(list: readonly string[]): string {
  const more = list.length > MAX_LISTED_PEOPLE ? ` +${list.length - MAX_LISTED_PEOPLE} more` : "";
  return `${list.slice(0, MAX_LISTED_PEOPLE).join(", ")}${more}`;
}

function logins(list: readonly string[]): string {
  return list.length === 0 ? "none" : capped(list.map(codeLogin));
}

/** A markdown link to the request, or plain words when the URL is not an absolute http(s) URL. */
function requestLink(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "the onboarding request";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "the onboarding request";
  const href = parsed.href.replace(/\(/g, "%28").replace(/\)/g, "%29");
  return `[the onboarding request](${href})`;
}

/** A line of the bot's own reason text, made safe for a list item: mentions as code spans, no line breaks. */
function reasonLine(reason: string): string {
  return reason.replace(/[\r\n]+/g, " ").replace(MENTION, (_match, login: string) => codeLogin(login));
}

const eligibleCache = new WeakMap<Roles, string[]>();

/** Approvers who may approve this pull request (not the requester nor its author), sorted; cached per roles object. */
function eligibleApprovers(roles: Roles): string[] {
  let eligible = eligibleCache.get(roles);
  if (eligible === undefined) {
    eligible = [...roles.approvers]
      .filter((login) => login !== roles.requester && login !== roles.prAuthor && GITHUB_LOGIN.test(login))
      .sort();
    eligibleCache.set(roles, eligible);
  }
  return eligible;
}

/**
 * Renders the pull request's status comment, in the spirit of Prow's approval notifier; the bot edits it in place.
 * It starts with `marker`, then says whether the pull request is ready to merge, tabulates approvals, lgtm and holds,
 * lists what is still missing, names who can approve (at most {@link MAX_LISTED_APPROVERS}, then "+N more"; the
 * requester and the pull request's author are left out because they may not approve) and hints at the commands.
 * Table cells name at most {@link MAX_LISTED_PEOPLE} people and the comment stays within GitHub's size limit.
 * Logins are written as code spans after checking they are GitHub logins, so they neither ping nor inject markup.
 */
export function renderPrStatus(input: RenderPrStatusInput): string {
  const { state, decision, roles, config, marker } = input;
  const lines: CommentPart[] = [marker, "### Onboarding approval", ""];
  lines.push(decision.merge ? "**Ready to merge.** The bot merges this pull request." : "**Not ready to merge yet.**", "");

  const holds =
    state.holds.length === 0
      ? "none"
      : capped(state.holds.map((h) => `${codeLogin(h.by)} (${h.reason === "hold" ? "`/hold`" : "requested changes"})`));
  lines.push(
    "| | |",
    "|---|---|",
    `| Approvals | ${state.approvers.length} of ${config.approvals}: ${logins(state.approvers)} |`,
    `| LGTM (${config.requireLgtm ? "required" : "optional"}) | ${logins(state.lgtm)} |`,
    `| Holds | ${holds} |`,
    "",
  );

  if (!decision.merge && decision.missing.length > 0) {
    lines.push("**Still missing**", "", { lines: decision.missing.map((m) => `- ${reasonLine(m)}`), more: moreItems("reason") }, "");
  }

  const eligible = eligibleApprovers(roles);
  const listed = eligible.slice(0, MAX_LISTED_APPROVERS).map(codeLogin).join(", ");
  const more = eligible.length > MAX_LISTED_APPROVERS ? ` +${eligible.length - MAX_LISTED_APPROVERS} more` : "";
  lines.push(
    eligible.length === 0
      ? "**Who can approve:** no approver is configured (see `approvers` in the bot's configuration)."
      : `**Who can approve:** ${listed}${more}`,
    "",
    "Approvers comment `/approve`; reviewers and approvers comment `/lgtm`; anyone can `/hold`. " +
      "Comment `/help` for every command.",
    "",
    `This pull request comes from ${requestLink(input.requestUrl)}. This comment is updated as commands and reviews arrive.`,
  );
  return boundComment([...lines, ""]);
}
