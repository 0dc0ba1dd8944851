import type { Config } from "../config/schema.js";
import type { FieldId, OnboardingRequest, Problem } from "../types.js";
import { fillTemplate, type TemplateValues } from "./fill-template.js";
import { renderProblem, repositoryProblem } from "./render-problem.js";

/** The repository directories one request writes to or refers to, every one filled from `config.layout`. */
export interface LayoutPlan {
  namespaces: Array<{ name: string; dir: string }>;
  groupDir: string;
  rbacComponentDir: string;
  /** Absent for a custom quota. */
  quotaComponentDir?: string;
  limitRangeComponentDir: string;
  /** Present when `namespaces.networkPolicies.enabled`. */
  networkPolicyComponentDir?: string;
}

/**
 * Fills every layout template the request needs. Each failure (a value that is not a DNS-1123 label, a template that
 * would leave its directory) is a problem on the field the value came from; nothing is written for it.
 */
export function planLayout(request: OnboardingRequest, config: Config): { plan: LayoutPlan } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const layout = config.layout;
  const fill = (key: keyof Config["layout"], values: TemplateValues, field: FieldId): string => {
    const result = fillTemplate(layout[key], values);
    if (result.ok) return result.path;
    problems.push(renderProblem(field, `layout.${key}: ${result.error}`, "a path inside the directory the layout template names"));
    return "";
  };
  const team = request.team;
  const namespaces = request.namespaces.map((name) => ({ name, dir: fill("namespaceDir", { namespace: name, team }, "namespaces") }));
  const plan: LayoutPlan = {
    namespaces,
    groupDir: fill("groupDir", { team }, "team"),
    rbacComponentDir: fill("rbacComponentDir", { team }, "team"),
    limitRangeComponentDir: fill("limitRangeComponentDir", {}, "body"),
  };
  if (request.quotaTier !== "custom") plan.quotaComponentDir = fill("quotaComponentDir", { tier: request.quotaTier }, "quota_tier");
  if (config.namespaces.networkPolicies.enabled) plan.networkPolicyComponentDir = fill("networkPolicyComponentDir", {}, "body");
  const dirs = new Set<string>();
  for (const ns of namespaces) {
    if (ns.dir !== "" && dirs.has(ns.dir)) {
      problems.push(renderProblem("namespaces", `namespace '${ns.name}' maps to directory '${ns.dir}' that another namespace of this request uses`, "distinct namespace names", ns.name));
    }
    dirs.add(ns.dir);
  }
  // Layouts that share a parent (`tenants/{namespace}`, `tenants/{team}`) map a namespace named like the team to the
  // team's directory: both would write the same kustomization.yaml, and one would silently replace the other.
  const teamDirs: Array<[string, string]> = [
    [plan.groupDir, "the team's group (layout.groupDir)"],
    [plan.rbacComponentDir, "the team's RBAC component (layout.rbacComponentDir)"],
  ];
  for (const ns of namespaces) {
    const shared = teamDirs.find(([dir]) => dir !== "" && dir === ns.dir);
    if (shared) {
      problems.push(
        renderProblem("namespaces", `namespace '${ns.name}' maps to directory '${ns.dir}', which ${shared[1]} also uses`, "a namespace name whose directory differs from the team's, for example with a suffix such as '-dev'", ns.name),
      );
    }
  }
  if (plan.groupDir !== "" && plan.groupDir === plan.rbacComponentDir) {
    problems.push(
      repositoryProblem("body", `layout.groupDir and layout.rbacComponentDir both map team '${team}' to directory '${plan.groupDir}'`, "layout.groupDir and layout.rbacComponentDir to name different directories"),
    );
  }
  return problems.length > 0 ? { problems } : { plan };
}
