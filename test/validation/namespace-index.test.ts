import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/schema.js";
import { checkRequest } from "../../src/validation/check-request.js";
import {
  layoutDirsOf,
  namespaceDefinedAt,
  namespaceIndex,
  namespaceManifestCandidates,
  namespacesDefinedIn,
} from "../../src/validation/namespace-index.js";
import type { GitopsSnapshot } from "../../src/types.js";
import { configFrom, exampleConfig, exampleRaw, exampleSnapshot, snapshotOf, validRequest } from "../intake/support.js";

const users = new Map([["octocat", "octocat"], ["hubot", "hubot"]]);

function configWith(layout: Record<string, unknown> = {}, limits: Record<string, unknown> = {}): Config {
  const raw = exampleRaw();
  raw.layout = { ...(raw.layout as object), ...layout };
  raw.limits = { ...(raw.limits as object | undefined), ...limits };
  return configFrom(raw);
}

const NAMESPACE = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

describe("layoutDirsOf", () => {
  const snapshot = snapshotOf([
    "tenants/platform/platform-tools/namespace.yaml",
    "tenants/platform/platform-tools/kustomization.yaml",
    "tenants/data/analytics/kustomization.yaml",
    "tenants/README.md",
  ]);

  it("finds a namespace under every team when the layout has {team}", () => {
    expect(layoutDirsOf(snapshot, "tenants/{team}/{namespace}", "platform-tools")).toEqual(["tenants/platform/platform-tools"]);
    expect(layoutDirsOf(snapshot, "tenants/{team}/{namespace}", "analytics")).toEqual(["tenants/data/analytics"]);
    expect(layoutDirsOf(snapshot, "tenants/{team}/{namespace}", "platform")).toEqual([]);
  });

  it("matches placeholders inside a segment, with {team} standing for any text", () => {
    const mixed = snapshotOf(["tenants/evil-team-victim-ns/kustomization.yaml", "tenants/other/kustomization.yaml"]);
    expect(layoutDirsOf(mixed, "tenants/{team}-{namespace}", "victim-ns")).toEqual(["tenants/evil-team-victim-ns"]);
    expect(layoutDirsOf(mixed, "tenants/{team}-{namespace}", "ns")).toEqual(["tenants/evil-team-victim-ns"]);
    expect(layoutDirsOf(mixed, "tenants/{team}-{namespace}", "other")).toEqual([]);
  });

  it("never takes a template's text as a pattern", () => {
    const dotted = snapshotOf(["a.b/x/kustomization.yaml", "aXb/y/kustomization.yaml"]);
    expect(layoutDirsOf(dotted, "a.b/{namespace}", "y")).toEqual([]);
    expect(layoutDirsOf(dotted, "a.b/{namespace}", "x")).toEqual(["a.b/x"]);
  });
});

describe("namespaceManifestCandidates", () => {
  it("lists YAML files named like namespace outside the layout's namespace directories", () => {
    const paths = new Set([
      "cluster-scope/base/core/namespaces/foo/namespace.yaml",
      "argocd/overlays/x/namespace.yaml",
      "platform/Namespaces.YML",
      "cluster-scope/overlays/prod/smaug/opf-monitoring-namespace-patch.yaml",
      "docs/namespace.md",
      "namespaces/readme.yaml",
    ]);
    expect(namespaceManifestCandidates(paths, "cluster-scope/base/core/namespaces/{namespace}")).toEqual([
      "argocd/overlays/x/namespace.yaml",
      "cluster-scope/overlays/prod/smaug/opf-monitoring-namespace-patch.yaml",
      "platform/Namespaces.YML",
    ]);
  });

  it("leaves out the namespace directories of every team under a {team} layout", () => {
    const paths = new Set(["tenants/a/x/namespace.yaml", "tenants/b/y/namespace.yaml", "tenants/namespace.yaml"]);
    expect(namespaceManifestCandidates(paths, "tenants/{team}/{namespace}")).toEqual(["tenants/namespace.yaml"]);
  });
});

describe("namespacesDefinedIn", () => {
  it("finds Namespaces, OpenShift Projects and List items in every document", () => {
    const text = [
      NAMESPACE("one"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-a-namespace\n",
      "apiVersion: project.openshift.io/v1\nkind: Project\nmetadata:\n  name: two\n",
      "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: three\n",
    ].join("---\n");
    expect(namespacesDefinedIn(text)).toEqual(["one", "three", "two"]);
  });

  it("skips a document that is not YAML (a Helm template) and keeps the others", () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {{ .Release.Namespace }\n---\n${NAMESPACE("kept")}`;
    expect(namespacesDefinedIn(text)).toEqual(["kept"]);
  });

  it("survives an alias bomb without expanding it", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n${NAMESPACE("after")}`;
    expect(namespacesDefinedIn(bomb)).toEqual(["after"]);
  });
});

describe("namespaceIndex", () => {
  const config = exampleConfig();
  const withManifest = (manifests?: Map<string, string[]>): GitopsSnapshot => ({
    ...exampleSnapshot(["argocd/overlays/x/namespace.yaml"]),
    ...(manifests ? { namespaceManifests: manifests } : {}),
  });

  it("indexes the names the caller read, by the file that defines them", () => {
    const snapshot = withManifest(new Map([["argocd/overlays/x/namespace.yaml", ["argocd-apps"]]]));
    const index = namespaceIndex(snapshot, config);
    expect(index.gap).toBeUndefined();
    expect(namespaceDefinedAt(snapshot, config, index, "argocd-apps")).toEqual(["argocd/overlays/x/namespace.yaml"]);
    expect(namespaceDefinedAt(snapshot, config, index, "taken-ns")).toEqual(["cluster-scope/base/core/namespaces/taken-ns"]);
    expect(namespaceDefinedAt(snapshot, config, index, "free")).toEqual([]);
  });

  it("parses a candidate whose contents the snapshot holds", () => {
    const snapshot: GitopsSnapshot = { ...exampleSnapshot(["x/namespace.yaml"]), files: new Map([["x/namespace.yaml", NAMESPACE("held")]]) };
    expect(namespaceIndex(snapshot, config).manifests.get("held")).toEqual(["x/namespace.yaml"]);
  });

  it("fails closed on a candidate nobody read, unless told to check only what it has", () => {
    expect(namespaceIndex(withManifest(new Map()), config).gap?.message).toContain("argocd/overlays/x/namespace.yaml");
    expect(namespaceIndex(withManifest(), config, { requireAll: false }).gap).toBeUndefined();
  });

  it("fails closed with a message for maintainers when there are more candidates than the limit", () => {
    const limited = configWith({}, { maxNamespaceManifests: 0 });
    const gap = namespaceIndex(withManifest(new Map([["argocd/overlays/x/namespace.yaml", []]])), limited).gap;
    expect(gap?.message).toContain("more than the 0 onboarding-bot reads");
    expect(gap?.expected).toContain("limits.maxNamespaceManifests");
  });
});

describe("checkRequest on names taken elsewhere", () => {
  it("refuses a namespace another team has under a {team} layout", () => {
    const config = configWith({ namespaceDir: "tenants/{team}/{namespace}" });
    const snapshot = snapshotOf(["cluster-scope/components/resourcequotas/small/kustomization.yaml", "tenants/victim/victim-ns/namespace.yaml"]);
    const result = checkRequest(validRequest({ team: "evil", namespaces: ["victim-ns"] }), config, { snapshot, users });
    expect(result.problems.map((p) => [p.field, p.value, p.message])).toEqual([
      ["namespaces", "victim-ns", "the namespace 'victim-ns' already exists in operate-first/apps (tenants/victim/victim-ns)"],
    ]);
  });

  it("refuses a namespace a Namespace manifest defines elsewhere, naming the file", () => {
    const snapshot: GitopsSnapshot = {
      ...exampleSnapshot(["argocd/overlays/x/namespace.yaml"]),
      namespaceManifests: new Map([["argocd/overlays/x/namespace.yaml", ["my-team"]]]),
    };
    const result = checkRequest(validRequest(), exampleConfig(), { snapshot, users });
    expect(result.problems.map((p) => p.message)).toEqual(["the namespace 'my-team' already exists in operate-first/apps (argocd/overlays/x/namespace.yaml)"]);
  });

  it("refuses every namespace while a candidate is unread", () => {
    const snapshot = exampleSnapshot(["argocd/overlays/x/namespace.yaml"]);
    const result = checkRequest(validRequest(), exampleConfig(), { snapshot, users });
    expect(result.problems.map((p) => p.field)).toEqual(["namespaces"]);
    expect(result.problems[0]?.message).toContain("were not read");
  });
});
