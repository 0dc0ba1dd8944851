import type { OnboardingRequest } from "../types.js";
import type { KubeObject } from "./namespace-objects.js";

/** File name of the Group inside the group directory. */
export const GROUP_FILE = "group.yaml";
/** File name of the RoleBinding inside the RBAC component directory. */
export const RBAC_FILE = "rbac.yaml";

/**
 * The Group's users: the owner and the members, deduplicated case-insensitively (first spelling wins; validation has
 * already made them canonical), sorted case-insensitively with a code-unit tie-break so the order never depends on
 * the request's order or the locale.
 */
export function groupUsers(request: Pick<OnboardingRequest, "owner" | "members">): string[] {
  const byLower = new Map<string, string>();
  for (const login of [request.owner, ...request.members]) {
    const key = login.toLowerCase();
    if (!byLower.has(key)) byLower.set(key, login);
  }
  return [...byLower.entries()]
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([, login]) => login);
}

/** The team's OpenShift Group (`user.openshift.io/v1`), `users` = {@link groupUsers}. */
export function groupObject(request: OnboardingRequest): KubeObject {
  return { apiVersion: "user.openshift.io/v1", kind: "Group", metadata: { name: request.team }, users: groupUsers(request) };
}

/** The RoleBinding `namespace-admin-<team>` granting the ClusterRole `admin` to the Group `<team>`. */
export function rbacObject(team: string): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: `namespace-admin-${team}` },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: team }],
  };
}
