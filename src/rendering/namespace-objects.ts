import { provenanceAnnotationKeys, type Config, type ProvenanceAnnotation } from "../config/schema.js";
import type { CustomQuota, OnboardingRequest, Provenance } from "../types.js";

/** A plain Kubernetes object as the renderer builds it before serialising. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
} & Record<string, unknown>;

/** File name of the namespace object inside the namespace directory. */
export const NAMESPACE_FILE = "namespace.yaml";
/** File name of a custom ResourceQuota inside the namespace directory. */
export const CUSTOM_QUOTA_FILE = "resourcequota.yaml";

function sortedRecord(entries: Array<[string, string | undefined]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * The Namespace object of one requested namespace. With `p` = `namespaces.annotationPrefix`:
 *
 * Labels:
 * - `<p>/team`: the team (Group) that administers the namespace, for selecting a team's namespaces.
 * - `pod-security.kubernetes.io/enforce`, `.../audit`, `.../warn`: the configured `namespaces.podSecurity` level,
 *   only when it is set.
 *
 * Annotations, each under the key `namespaces.annotations` gives it (default `<p>/<name>`, `false` leaves it out):
 * - `displayName` (`<p>/display-name`): the requested display name (only when given; OpenShift shows `openshift.io/display-name`).
 * - `description` (`<p>/description`): the project description.
 * - `requester` (`<p>/requester`): the GitHub login that opened the request issue.
 * - `owner` (`<p>/owner`): the GitHub login of the project owner.
 * - `issue` (`<p>/onboarding-issue`): URL of the request issue (omitted when there is none, e.g. a local `render` run).
 * - `docs` (`<p>/docs`): the documentation URL (only when given).
 *
 * Keys are sorted so the output is stable.
 */
export function namespaceObject(namespace: string, request: OnboardingRequest, config: Config, provenance: Provenance): KubeObject {
  const p = config.namespaces.annotationPrefix;
  const level = config.namespaces.podSecurity;
  const labels = sortedRecord([
    [`${p}/team`, request.team],
    ["pod-security.kubernetes.io/enforce", level],
    ["pod-security.kubernetes.io/audit", level],
    ["pod-security.kubernetes.io/warn", level],
  ]);
  const values: Record<ProvenanceAnnotation, string | undefined> = {
    displayName: request.displayName,
    description: request.description,
    requester: provenance.requester,
    owner: request.owner,
    issue: provenance.issueUrl === "" ? undefined : provenance.issueUrl,
    docs: request.docsUrl,
  };
  const keys = provenanceAnnotationKeys(config.namespaces);
  const annotations = sortedRecord(Object.entries(keys).map(([name, key]) => [key, values[name as ProvenanceAnnotation]]));
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels, annotations } };
}

/**
 * The ResourceQuota of a namespace with a custom quota, named `<namespace>-custom`: `cpu` is both `requests.cpu` and
 * `limits.cpu`, `memory` both `requests.memory` and `limits.memory`, `storage` is `requests.storage`.
 */
export function customQuotaObject(namespace: string, quota: CustomQuota): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: `${namespace}-custom` },
    spec: {
      hard: {
        "requests.cpu": quota.cpu,
        "limits.cpu": quota.cpu,
        "requests.memory": quota.memory,
        "limits.memory": quota.memory,
        "requests.storage": quota.storage,
      },
    },
  };
}
