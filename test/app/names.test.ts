import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { deliverAll } from "../harness/index.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { useWorlds } from "../helpers/use-world.js";
import { APPS, PEOPLE, SUPPORT, type World } from "../helpers/world.js";

const FLAT = new URL("../fixtures/rendering/flat-layout-repo/", import.meta.url).pathname;
const STATUS = "<!-- onboarding-bot:status";

function statusOf(world: World, number: number): string {
  return world.sim.comments(SUPPORT, number).find((c) => c.body.startsWith(STATUS))?.body ?? "";
}

/** GitHub calls that read file contents by blob sha: REST `git/get-blob`, or a GraphQL read of blobs by oid. */
function blobReads(world: World): number {
  return world.sim.calls.filter((c) => c.operationId === "git/get-blob" || c.graphql?.operationName === "ReadBlobs").length;
}

function gitopsWrites(world: World) {
  return world.sim.calls.filter((c) => c.method !== "GET" && c.path.startsWith(`/repos/${APPS}/`));
}

/** The flat `tenants/{team}/{namespace}` layout, pointed at the world's GitOps repository. */
function flatConfigText(): string {
  const raw = parse(readFileSync(join(FLAT, "onboarding-bot.yml"), "utf8")) as Record<string, unknown>;
  (raw.gitops as Record<string, unknown>).repository = APPS;
  raw.approvers = { users: [PEOPLE.approver] };
  return stringify(raw);
}

/** A Namespace defined outside the layout, as platform teams do for their own components. */
function namespaceManifest(name: string, salt: string): string {
  return `# ${salt}\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
}

describe("a namespace counts as taken wherever the repository defines it", () => {
  const start = useWorlds();

  it("refuses a namespace another team already has under a {team} layout", async () => {
    const world = await start({ configText: flatConfigText(), files: readTree(FLAT) });
    // Team 'evil' asks for the namespace team 'platform' already has at tenants/platform/platform-tools.
    const n = world.openRequest(validValues({ team: "evil", namespaces: "platform-tools", clusters: "alpha", quota_tier: "small" }));
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)).toHaveLength(0);
    expect(statusOf(world, n)).toContain("tenants/platform/platform-tools");
    expect(world.sim.issue(SUPPORT, n).labels).toContain("onboarding/needs-changes");
    expect(gitopsWrites(world)).toEqual([]);
  });

  it("refuses a namespace defined by a Namespace manifest elsewhere, and reads that manifest only once per content", async () => {
    const salt = "names.test: defined elsewhere";
    const files = {
      ...readTree(OPF_FIXTURE),
      "argocd/overlays/x/namespace.yaml": namespaceManifest("astro-lab", salt),
      "platform/namespaces.yaml": `# ${salt}\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: billing\n`,
    };
    const world = await start({ files });
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)).toHaveLength(0);
    expect(statusOf(world, n)).toContain("argocd/overlays/x/namespace.yaml");
    expect(blobReads(world)).toBeGreaterThanOrEqual(1);

    // Steady state: the same tree again (an edit to another namespace, also defined elsewhere) reads no manifest.
    world.sim.resetCalls();
    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues({ namespaces: "billing" })), by: PEOPLE.requester });
    await deliverAll(world.sim, world.probot);
    expect(statusOf(world, n)).toContain("platform/namespaces.yaml");
    expect(blobReads(world)).toBe(0);
    expect(world.sim.pulls(APPS)).toHaveLength(0);
  });

  it("refuses every request, with a message for maintainers, when more files may define Namespaces than it reads", async () => {
    const files = {
      ...readTree(OPF_FIXTURE),
      "a/namespace.yaml": namespaceManifest("a-ns", "a"),
      "b/namespace.yaml": namespaceManifest("b-ns", "b"),
    };
    const world = await start({ files, config: { limits: { maxNamespaceManifests: 1 } } });
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)).toHaveLength(0);
    expect(statusOf(world, n)).toContain("more than the 1 onboarding-bot reads");
    expect(statusOf(world, n)).toContain("limits.maxNamespaceManifests");
    expect(blobReads(world)).toBe(0);
    expect(gitopsWrites(world)).toEqual([]);
  });
});

describe("privileged names are refused", () => {
  const start = useWorlds();

  it.each([
    ["team", { team: "cluster-admins" }, "privileged group"],
    ["team", { team: "dedicated-admins" }, "privileged group"],
    ["team", { team: "admin" }, "privileged group"],
    ["team", { team: "system-masters" }, "starts with 'system'"],
    ["namespaces", { namespaces: "argocd" }, "platform component"],
    ["namespaces", { namespaces: "cert-manager" }, "platform component"],
    ["namespaces", { namespaces: "vault" }, "platform component"],
    ["namespaces", { namespaces: "istio-system" }, "platform component"],
    ["namespaces", { namespaces: "open-cluster-management-agent" }, "starts with 'open-cluster-management'"],
    ["namespaces", { namespaces: "openshiftgitops" }, "starts with 'openshift'"],
  ])("refuses the %s %o and opens no pull request", async (_field, values, rule) => {
    const world = await start();
    const n = world.openRequest(validValues(values));
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)).toHaveLength(0);
    expect(statusOf(world, n)).toContain(rule);
    expect(gitopsWrites(world)).toEqual([]);
  });

  it("refuses team names the configuration adds to the built-in ones", async () => {
    const world = await start({ config: { teams: { reserved: ["platform-sre"], reservedPrefixes: ["sre-"] } } });
    const a = world.openRequest(validValues({ team: "platform-sre" }));
    const b = world.openRequest(validValues({ team: "sre-oncall", namespaces: "oncall" }));
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)).toHaveLength(0);
    expect(statusOf(world, a)).toContain("privileged group");
    expect(statusOf(world, b)).toContain("starts with 'sre-'");
  });
});
