import type { Config } from "../config/schema.js";
import type { KubeObject } from "./namespace-objects.js";

/** One file of the NetworkPolicies component. */
export interface PolicyFile {
  file: string;
  object: KubeObject;
}

function policy(name: string, spec: Record<string, unknown>): PolicyFile {
  return {
    file: `${name}.yaml`,
    object: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name }, spec },
  };
}

function fromNamespaces(selector: Record<string, string>): Record<string, unknown> {
  const matchLabels = Object.fromEntries(Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels } }] }], policyTypes: ["Ingress"] };
}

/**
 * The default NetworkPolicies of a tenant namespace (the OpenShift "multitenant" set): `deny-by-default` (no ingress
 * unless allowed), `allow-same-namespace`, `allow-from-ingress` and `allow-from-monitoring` (namespaces matched by
 * `namespaces.networkPolicies.ingressNamespaceSelector` / `monitoringNamespaceSelector`). Namespace-less: the
 * namespace kustomization that includes the component sets it.
 */
export function networkPolicyFiles(config: Config): PolicyFile[] {
  const np = config.namespaces.networkPolicies;
  return [
    policy("allow-from-ingress", fromNamespaces(np.ingressNamespaceSelector)),
    policy("allow-from-monitoring", fromNamespaces(np.monitoringNamespaceSelector)),
    policy("allow-same-namespace", { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }], policyTypes: ["Ingress"] }),
    policy("deny-by-default", { podSelector: {}, policyTypes: ["Ingress"] }),
  ];
}
