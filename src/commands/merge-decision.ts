import type { ApprovalState } from "./approval-state.js";
import { mentionLogin } from "./github-login.js";

/** The merge settings the decision needs (`merge` in the configuration). */
export interface MergeConfig {
  /** Distinct approvers needed. */
  approvals: number;
  /** Whether a `/lgtm` is needed too. */
  requireLgtm: boolean;
}

/** What the caller knows about the request and the pull request right now. */
export interface MergeFacts {
  /** The request validated against the current configuration and GitOps repository. */
  requestValid: boolean;
  /** GitHub's `mergeable`: `null` while GitHub is still computing it. */
  mergeable: boolean | null;
  merged: boolean;
  open: boolean;
}

/** Whether to merge now, or every reason not to, as one human-readable line each. */
export type MergeDecision = { merge: true } | { merge: false; missing: string[] };

/**
 * Decides whether the bot may merge the onboarding pull request. Everything that is missing is listed, in this order:
 * the pull request's own state (merged, closed), the request's validity, approvals ("needs 1 more /approve from an
 * approver"), lgtm when required, each hold ("on hold by @x"), and GitHub's mergeability.
 */
export function mergeDecision(state: ApprovalState, config: MergeConfig, facts: MergeFacts): MergeDecision {
  const missing: string[] = [];
  if (facts.merged) missing.push("the pull request is already merged");
  else if (!facts.open) missing.push("the pull request is closed");
  if (!facts.requestValid) missing.push("the request is not valid");
  const needed = config.approvals - state.approvers.length;
  if (needed === 1) missing.push("needs 1 more /approve from an approver");
  else if (needed > 1) missing.push(`needs ${needed} more /approve from distinct approvers`);
  if (config.requireLgtm && state.lgtm.length === 0) missing.push("needs a /lgtm from a reviewer or approver");
  for (const hold of state.holds) {
    missing.push(
      hold.reason === "hold"
        ? `on hold by ${mentionLogin(hold.by)}`
        : `on hold by ${mentionLogin(hold.by)}, who requested changes`,
    );
  }
  if (facts.mergeable === null) missing.push("GitHub has not computed mergeability yet");
  else if (!facts.mergeable) missing.push("the pull request has merge conflicts");
  return missing.length === 0 ? { merge: true } : { merge: false, missing };
}
