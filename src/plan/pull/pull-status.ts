import type { ApprovalState, MergeConfig, MergeDecision } from "../../commands/approval-state.js";
import { renderPrStatus } from "../../commands/render-pr-status.js";
import type { Roles } from "../../commands/roles.js";
import type { ContentEpoch } from "../../publishing/ledger.js";
import type { Problem } from "../../types.js";

/** Marker of the one status comment the bot keeps on each onboarding pull request. */
export const PR_STATUS_MARKER = "<!-- onboarding-bot:pr-status -->";

/** What the status comment says beyond approvals: why the pull request is held, and whether approvals were reset. */
export interface PullStatusNotes {
  /** The head commit the bot did not make, when there is one: named, never merged. */
  foreignCommit: string | undefined;
  requestValid: boolean;
  problems: readonly Problem[];
  epoch: ContentEpoch | undefined;
}

/**
 * The pull request's status comment: the approval table and what is missing ({@link renderPrStatus}), then a note
 * for a foreign head, for a request that is no longer valid (naming its fields, never echoing user text) and for a
 * tenant change that reset earlier approvals.
 */
export function renderPullStatus(
  input: { state: ApprovalState; decision: MergeDecision; roles: Roles; config: MergeConfig; requestUrl: string },
  notes: PullStatusNotes,
): string {
  const body = renderPrStatus({ ...input, marker: PR_STATUS_MARKER });
  const lines: string[] = [];
  if (notes.foreignCommit) {
    lines.push(
      `**On hold:** the head of this branch is commit \`${notes.foreignCommit}\`, which onboarding-bot did not make. ` +
        "Nothing is merged and the bot will not overwrite it; remove it or close this pull request.",
    );
  } else if (!notes.requestValid) {
    const fields = [...new Set(notes.problems.map((p) => p.label))].map((l) => `**${l.replace(/[^A-Za-z0-9 ()/-]/g, "")}**`);
    lines.push(
      `**On hold:** the request is no longer valid${fields.length ? ` (problems in ${fields.join(", ")})` : ""}; ` +
        "see the status comment on the request. The hold lifts when the request is valid again.",
    );
  }
  const epoch = notes.epoch;
  if (epoch && epoch.changed.length > 0) {
    lines.push(
      `**The tenant changed** (${epoch.changed.join(", ")}) at ${epoch.since}: every \`/lgtm\` and approval given before ` +
        "that was reset, because an approval counts only for the content it was given on. Please review again.",
    );
  }
  return lines.length > 0 ? `${body}\n\n${lines.join("\n\n")}` : body;
}
