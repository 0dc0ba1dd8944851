import type { OnboardingRequest } from "../../types.js";
import { renderTenant } from "../render-tenant.js";
import type { NamespaceChange } from "./change-request.js";
import { customQuotaProblems } from "./render-quota.js";
import { emptySummary, type ChangeInput, type ChangeOutput } from "./change-types.js";
import { existingTeam } from "./tenant-lookup.js";

/** The onboarding request that renders one more namespace of an existing team (its Group is reused, untouched). */
export function namespaceRequest(change: NamespaceChange): OnboardingRequest {
  const request: OnboardingRequest = {
    team: change.team,
    namespaces: [change.namespace],
    clusters: change.clusters,
    owner: change.owner,
    members: [change.owner],
    description: change.description,
    quotaTier: change.tier,
    acknowledged: true,
  };
  if (change.displayName !== undefined) request.displayName = change.displayName;
  if (change.docsUrl !== undefined) request.docsUrl = change.docsUrl;
  if (change.customQuota !== undefined) request.customQuota = change.customQuota;
  return request;
}

/**
 * Adds a namespace for an existing team with the onboarding renderer's own objects ({@link renderTenant}: the
 * namespace directory with its Namespace, kustomization, team RBAC, LimitRange and quota, wired into the chosen
 * clusters' overlays with one line each, and the team's group into their group overlays when missing). The team's
 * Group must exist; it is reused and never rewritten. Every onboarding check applies: a name taken anywhere in the
 * repository or reserved, an unknown cluster or tier, a tier whose component is missing, a custom quota over
 * `quota.custom.max`.
 */
export function renderNamespace(input: ChangeInput<NamespaceChange>): ChangeOutput {
  const { change, config, snapshot, provenance } = input;
  const dirs = existingTeam(config, snapshot, change.team);
  if (!("ok" in dirs)) return dirs;
  if (change.tier === "custom" && change.customQuota) {
    // renderTenant trusts validation for the bounds; a change request is checked here.
    const problems = customQuotaProblems(change.customQuota, config);
    if (problems.length > 0) return { kind: "problems", problems };
  }
  const reuse = { ...config, teams: { ...config.teams, allowExisting: true } };
  const output = renderTenant({ request: namespaceRequest(change), config: reuse, snapshot, provenance });
  if (output.kind !== "rendered") return output;
  const summary = emptySummary();
  summary.createdPaths = output.summary.createdPaths;
  summary.editedPaths = output.summary.editedPaths;
  summary.lines.push(`creates namespace '${change.namespace}' of team '${change.team}' (${output.summary.createdPaths.join(", ")})`);
  for (const file of output.summary.editedPaths) summary.lines.push(`wires it into ${file}`);
  summary.expect = output.summary.clusters.map((cluster) => ({ cluster, kind: "Namespace", name: change.namespace, present: true }));
  return { kind: "changed", files: output.files, deletions: [], notices: [], summary };
}
