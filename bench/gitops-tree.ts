import { OPF_FIXTURE, readTree } from "../test/helpers/gitops-fixture.js";
import { configYaml } from "../test/helpers/world.js";

/** The shape of a generated GitOps repository. */
export interface TreeShape {
  /** Clusters, each with an overlay `cluster-scope/overlays/prod/moc/cNN` that includes `../../common`. */
  clusters: number;
  /** Existing tenant namespaces, spread round-robin over the clusters' overlays. */
  namespaces: number;
  /**
   * At most this many namespaces in the configured clusters' overlays; the others are spread over overlays of
   * clusters the configuration does not name (`.../moc/xNNN`, 1,000 each). Default: all in the configured overlays.
   */
  inConfiguredOverlays?: number;
}

/** Namespaces per overlay of a cluster the configuration does not name. */
const PER_OTHER_OVERLAY = 1000;

const COMMON_OVERLAY = "cluster-scope/overlays/prod/common";
const NAMESPACES_DIR = "cluster-scope/base/core/namespaces";

/** `c01`, `c02`, …: the generated clusters' names. */
export function clusterNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `c${String(i + 1).padStart(2, "0")}`);
}

/** The overlay directory of a generated cluster. */
export function overlayOf(cluster: string): string {
  return `cluster-scope/overlays/prod/moc/${cluster}`;
}

function namespaceName(i: number): string {
  return `tenant-${String(i + 1).padStart(5, "0")}`;
}

/**
 * An Operate First style GitOps tree with `shape.clusters` clusters and `shape.namespaces` existing namespaces. The
 * fixture's components (RBAC, quotas, LimitRange), groups and common overlay are reused as they are; only the tenant
 * namespaces and the per-cluster overlays are generated, in the fixture's format.
 */
export function generateGitopsTree(shape: TreeShape): Record<string, string> {
  const fixture = readTree(OPF_FIXTURE);
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(fixture)) {
    if (path.startsWith(`${NAMESPACES_DIR}/`) || path.startsWith("cluster-scope/overlays/prod/moc/") || path.startsWith("cluster-scope/overlays/prod/osc/")) {
      continue;
    }
    files[path] = content;
  }
  const clusters = clusterNames(shape.clusters);
  const tenants = new Map<string, string[]>(clusters.map((c) => [c, []]));
  for (let i = 0; i < shape.namespaces; i++) {
    const name = namespaceName(i);
    const dir = `${NAMESPACES_DIR}/${name}`;
    files[`${dir}/namespace.yaml`] = [
      "apiVersion: v1",
      "kind: Namespace",
      "metadata:",
      `  name: ${name}`,
      "  annotations:",
      `    openshift.io/display-name: ${name}`,
      "    openshift.io/requester: operate-first",
      "",
    ].join("\n");
    files[`${dir}/kustomization.yaml`] = [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      `namespace: ${name}`,
      "resources:",
      "  - namespace.yaml",
      "components:",
      "  - ../../../../components/project-admin-rolebindings/operate-first",
      "  - ../../../../components/limitranges/default",
      "  - ../../../../components/resourcequotas/small",
      "",
    ].join("\n");
    const entry = `../../../../base/core/namespaces/${name}`;
    const configured = i < (shape.inConfiguredOverlays ?? Number.POSITIVE_INFINITY);
    const cluster = configured ? (clusters[i % clusters.length] as string) : `x${String(Math.floor(i / PER_OTHER_OVERLAY)).padStart(3, "0")}`;
    if (!tenants.has(cluster)) tenants.set(cluster, []);
    tenants.get(cluster)?.push(entry);
  }
  for (const cluster of tenants.keys()) {
    const lines = [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "resources:",
      "  - ../../common",
      "  # tenants",
      ...(tenants.get(cluster) ?? []).map((t) => `  - ${t}`),
      "",
    ];
    files[`${overlayOf(cluster)}/kustomization.yaml`] = lines.join("\n");
  }
  files.OWNERS = "approvers:\n  - erin\nreviewers:\n  - frank\n";
  return files;
}

/** The bot's configuration (`.github/onboarding-bot.yml`) for a generated tree: the fixture's, with these clusters. */
/** The approver team of the bench configuration (`org/slug`); the bench world creates it. */
export const BENCH_APPROVER_TEAM = "operate-first/onboarding-approvers";

export function benchConfigYaml(clusters: readonly string[]): string {
  return configYaml({
    clusters: clusters.map((name) => ({ name, description: `Generated cluster ${name}`, overlay: overlayOf(name), groupOverlays: [COMMON_OVERLAY] })),
    // One requester files every benchmark request (500 at once in the burst).
    limits: { maxOpenRequests: 1000 },
    // Approvers from every source the configuration template uses: users, a team and an OWNERS file.
    approvers: { teams: [BENCH_APPROVER_TEAM], ownersFile: "OWNERS" },
  });
}
