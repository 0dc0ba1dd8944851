import type { Config } from "../config/schema.js";

/**
 * Names a tenant must never get, because whoever holds them holds more than a tenant's namespace. Built in (always
 * refused) and extended by the configuration (`namespaces.reserved*` for namespaces and teams, `teams.reserved*` for
 * teams only). Sources: Kubernetes (`default`, `kube-*`, the `system:` user and group prefix), OpenShift (projects
 * `openshift*` refused to users), OpenShift Dedicated / ROSA / ARO (their privileged-namespace and protected-group
 * rules), and the namespaces common platform operators install into.
 */

/** Prefixes refused for namespaces and teams alike. */
export const RESERVED_PREFIXES: readonly string[] = [
  "kube-", // Kubernetes' own namespaces (kube-system, kube-public, kube-node-lease)
  "openshift", // OpenShift's namespaces and the openshift* names managed OpenShift refuses (openshift-gitops, ...)
  "system", // Kubernetes reserves system: for users and groups (system:masters is cluster-admin); look-alikes too
];

/** Namespace prefixes of platforms: managed OpenShift (redhat-*), Open Cluster Management (open-cluster-management*). */
export const PLATFORM_NAMESPACE_PREFIXES: readonly string[] = ["redhat-", "open-cluster-management"];

/**
 * Namespaces of the platform itself: Kubernetes and managed OpenShift, Operator Lifecycle Manager, monitoring and
 * logging, GitOps and delivery, certificates and secrets, service mesh and ingress, policy, multi-cluster, pipelines
 * and serverless, storage and backup, security, data science and virtualisation platforms.
 */
export const PLATFORM_NAMESPACES: readonly string[] = [
  "default",
  // managed OpenShift (OpenShift Dedicated, ROSA, ARO) keeps these for its operators and SRE
  "dedicated-admin", "logging", "management-infra", "ops-health-monitoring", "sre-app-check",
  // Operator Lifecycle Manager (upstream)
  "olm", "operators", "operator-lifecycle-manager",
  // monitoring, logging, tracing
  "monitoring", "observability", "prometheus", "alertmanager", "grafana", "thanos", "loki", "jaeger", "tempo",
  // GitOps and delivery
  "argocd", "argo", "argo-cd", "argo-rollouts", "argo-events", "argo-workflows", "flux-system", "fleet-system",
  "fleet-default", "fleet-local", "cattle-system",
  // certificates and secrets
  "cert-manager", "cert-manager-operator", "vault", "external-secrets", "sealed-secrets",
  // service mesh, ingress, networking
  "istio-system", "istio-operator", "istio-ingress", "istio-egress", "linkerd", "linkerd-viz", "ingress-nginx",
  "metallb-system", "calico-system", "calico-apiserver", "tigera-operator", "cilium", "submariner-operator",
  // policy
  "gatekeeper-system", "kyverno",
  // multi-cluster (Open Cluster Management / ACM, multicluster engine, Hive, HyperShift); local-cluster is the hub's own
  "multicluster-engine", "hive", "hypershift", "local-cluster",
  // pipelines and serverless
  "tekton-pipelines", "tekton-pipelines-resolvers", "tekton-chains", "tekton-operator", "knative-serving",
  "knative-eventing", "knative-serving-ingress",
  // storage and backup
  "rook-ceph", "longhorn-system", "local-path-storage", "velero",
  // security
  "stackrox", "rhacs-operator", "falco",
  // data science, GPUs, virtualisation, dashboards, identity
  "opendatahub", "rhods-notebooks", "kubeflow", "gpu-operator", "nvidia-gpu-operator", "node-feature-discovery",
  "kubevirt", "cdi", "kubernetes-dashboard", "crossplane-system", "capi-system", "keycloak", "dex",
];

/**
 * Group names that carry cluster-wide rights wherever they exist: OpenShift Dedicated / ROSA bind `cluster-admins` to
 * cluster-admin and `dedicated-admins` to their admin roles (and protect `osd-sre*`, `layered-cs-sre-admins`), OpenShift
 * GitOps makes `cluster-admins` Argo CD admin, and `admin`-like names are what operators bind by default.
 */
export const PRIVILEGED_GROUPS: readonly string[] = [
  "admin", "admins", "administrators", "cluster-admin", "cluster-admins", "cluster-reader", "cluster-readers",
  "dedicated-admin", "dedicated-admins", "dedicated-readers", "layered-cs-sre-admins",
];

/** Group name prefixes managed OpenShift protects (`osd-sre-admins`, `osd-sre-cluster-admins`, ...). */
export const PRIVILEGED_GROUP_PREFIXES: readonly string[] = ["osd-sre"];

/** Why a name is refused, and what would be right instead. */
export interface ReservedName {
  reason: string;
  expected: string;
}

function byPrefix(name: string, prefixes: readonly string[]): string | undefined {
  return prefixes.find((p) => p !== "" && name.startsWith(p));
}

/** The rule that refuses `name` as a namespace (built-in lists, then `namespaces.reserved*`), or undefined. */
export function reservedNamespace(name: string, config: Config): ReservedName | undefined {
  const expected = "a namespace name of your own that no rule reserves, for example your team's name with a suffix such as '-dev'";
  if (PLATFORM_NAMESPACES.includes(name)) {
    return { reason: `'${name}' is the namespace of a platform component, which is never given to a tenant`, expected };
  }
  const builtin = byPrefix(name, [...RESERVED_PREFIXES, ...PLATFORM_NAMESPACE_PREFIXES]);
  if (builtin !== undefined) {
    return { reason: `'${name}' starts with '${builtin}', which Kubernetes, OpenShift or the platform reserve for their own namespaces`, expected };
  }
  return configured(name, config, expected);
}

/** The rule that refuses `name` as a team (its OpenShift Group), or undefined. */
export function reservedTeam(name: string, config: Config): ReservedName | undefined {
  const expected = "a team name of your own that no rule reserves, for example your project's name";
  if (PRIVILEGED_GROUPS.includes(name) || config.teams.reserved.includes(name)) {
    return { reason: `'${name}' is a privileged group name: a group of this name can carry cluster-wide rights`, expected };
  }
  const prefix = byPrefix(name, [...RESERVED_PREFIXES, ...PRIVILEGED_GROUP_PREFIXES, ...config.teams.reservedPrefixes]);
  if (prefix !== undefined) return { reason: `'${name}' starts with '${prefix}', a prefix reserved for privileged and system groups`, expected };
  return configured(name, config, expected);
}

/** `namespaces.reserved` and `namespaces.reservedPrefixes`, which refuse namespaces and team names alike. */
function configured(name: string, config: Config, expected: string): ReservedName | undefined {
  if (config.namespaces.reserved.includes(name)) return { reason: `'${name}' is a reserved name`, expected };
  const prefix = byPrefix(name, config.namespaces.reservedPrefixes);
  return prefix === undefined ? undefined : { reason: `'${name}' starts with the reserved prefix '${prefix}'`, expected };
}
