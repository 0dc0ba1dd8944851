import { findCommand, formatCommand, placesOf, type CommandPlace, type Verb } from "./command-table.js";
import { loginKey } from "./github-login.js";
import type { Roles } from "./roles.js";

/** The part of a parsed command that authorization looks at. */
export interface CommandRef {
  verb: Verb;
  cancel: boolean;
}

/** Who wrote the command, as GitHub reports the comment's author. */
export interface Actor {
  login: string;
  type: "User" | "Bot";
}

/** Where the command was written and who currently holds the pull request (lower-case logins). */
export interface AuthorizeContext {
  where: CommandPlace;
  holders: ReadonlySet<string>;
}

/**
 * The verdict on one command. A refusal carries a one-line `reason` for the reply; `ignored` is true for commands the
 * bot must not answer at all (from bots).
 */
export type Authorization = { allowed: true } | { allowed: false; reason: string; ignored: boolean };

const PLACE_NAMES: Record<CommandPlace, string> = {
  pull: "the onboarding pull request",
  issue: "the request issue",
};

const ALLOWED: Authorization = Object.freeze({ allowed: true });

function refuse(reason: string): Authorization {
  return { allowed: false, reason, ignored: false };
}

/** Whether an actor is a bot: GitHub says so, or the login is an app's `name[bot]`. */
function isBot(actor: Actor): boolean {
  return actor.type === "Bot" || loginKey(actor.login).endsWith("[bot]");
}

/**
 * Decides whether `actor` may use `command` here. Logins are compared case-insensitively. The rules:
 *
 * - Commands from bots are ignored entirely: no effect and no reply (`ignored: true`).
 * - A command used where it does not work (e.g. `/approve` on the request issue) is refused, saying where it works.
 * - `/lgtm` and `/lgtm cancel`: reviewers and approvers, but not the requester, the pull request's author, nor anyone
 *   who gains access through the request (its owner and members). This is
 *   stricter than Prow, whose lgtm plugin only refuses the author's own `/lgtm`, and whose approve plugin even counts
 *   the author as approving.
 * - `/approve` and `/approve cancel`: approvers only, but not the requester, the pull request's author, nor the
 *   request's owner and members.
 * - `/hold`: anyone.
 * - `/hold cancel` (`/unhold`): the person who placed a hold may lift their own; approvers may lift any hold
 *   (also when there is none); everyone else is refused.
 * - `/retest`, `/close` (pull request) and `/retry` (request issue): approvers and the requester.
 * - `/help`: anyone, in both places.
 *
 * Each refusal reason is one line and echoes no user-provided text.
 */
export function authorize(command: CommandRef, actor: Actor, roles: Roles, context: AuthorizeContext): Authorization {
  const written = formatCommand(command.verb, command.cancel);
  if (isBot(actor)) return { allowed: false, reason: `${written} from a bot is ignored`, ignored: true };

  if (findCommand(command.verb, command.cancel, context.where) === undefined) {
    const places = placesOf(command.verb, command.cancel);
    if (places.length === 0) return refuse(`${written} is not a command; comment /help for the list`);
    return refuse(`${written} works only on ${places.map((p) => PLACE_NAMES[p]).join(" and ")}`);
  }

  const login = loginKey(actor.login);
  const isApprover = roles.approvers.has(login);
  const isReviewer = roles.reviewers.has(login);
  const isRequester = login === roles.requester;
  const isPrAuthor = login === roles.prAuthor;
  const isBeneficiary = roles.beneficiaries?.has(login) === true;

  switch (command.verb) {
    case "lgtm":
      if (isRequester) return refuse(`${written}: you opened this onboarding request, so you cannot review it`);
      if (isPrAuthor) return refuse(`${written}: you authored this pull request, so you cannot review it`);
      if (isBeneficiary) return refuse(`${written}: you gain access through this request (owner or member), so you cannot review it`);
      if (!isApprover && !isReviewer) return refuse(`${written} is only for reviewers and approvers`);
      return ALLOWED;
    case "approve":
      if (isRequester) return refuse(`${written}: you opened this onboarding request, so you cannot approve it`);
      if (isPrAuthor) return refuse(`${written}: you authored this pull request, so you cannot approve it`);
      if (isBeneficiary) return refuse(`${written}: you gain access through this request (owner or member), so you cannot approve it`);
      if (!isApprover) return refuse(`${written} is only for approvers`);
      return ALLOWED;
    case "hold":
      if (!command.cancel || isApprover || context.holders.has(login)) return ALLOWED;
      if (context.holders.size === 0) return refuse(`${written}: there is no hold to lift`);
      return refuse(`${written}: only the person who placed a hold or an approver can lift it`);
    case "retest":
    case "close":
    case "retry":
      if (isApprover || isRequester) return ALLOWED;
      return refuse(`${written} is only for approvers and the requester`);
    case "help":
      return ALLOWED;
  }
}
