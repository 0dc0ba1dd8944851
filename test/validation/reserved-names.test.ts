import { describe, expect, it } from "vitest";
import { reservedNamespace, reservedTeam } from "../../src/validation/reserved-names.js";
import { configFrom, exampleConfig, exampleRaw } from "../intake/support.js";

const config = exampleConfig();

describe("reservedNamespace", () => {
  it.each(["default", "argocd", "openshift-gitops", "cert-manager", "vault", "istio-system", "olm", "operators", "monitoring", "logging", "local-cluster"])(
    "refuses the platform namespace %s",
    (name) => {
      expect(reservedNamespace(name, config)?.reason).toMatch(/platform component|starts with 'openshift'/);
    },
  );

  it.each([
    ["kube-anything", "kube-"],
    ["openshiftish", "openshift"],
    ["system-x", "system"],
    ["redhat-ods-applications", "redhat-"],
    ["open-cluster-management-agent", "open-cluster-management"],
  ])("refuses %s by the prefix %s", (name, prefix) => {
    expect(reservedNamespace(name, config)?.reason).toContain(`starts with '${prefix}'`);
  });

  it("says what would be right", () => {
    expect(reservedNamespace("argocd", config)?.expected).toContain("a namespace name of your own");
  });

  it("lets an ordinary tenant name through", () => {
    for (const name of ["astro-lab", "argocd-demo-tenant", "my-vault-app", "data-monitoring-lab"]) expect(reservedNamespace(name, config)).toBeUndefined();
  });

  it("adds namespaces.reserved and namespaces.reservedPrefixes to the built-in rules", () => {
    const raw = exampleRaw();
    raw.namespaces = { ...(raw.namespaces as object), reserved: ["billing"], reservedPrefixes: ["infra-"] };
    const extended = configFrom(raw);
    expect(reservedNamespace("billing", extended)?.reason).toBe("'billing' is a reserved name");
    expect(reservedNamespace("infra-db", extended)?.reason).toBe("'infra-db' starts with the reserved prefix 'infra-'");
    expect(reservedNamespace("argocd", extended)).toBeDefined();
  });
});

describe("reservedTeam", () => {
  it.each(["cluster-admins", "cluster-admin", "dedicated-admins", "admin", "admins", "layered-cs-sre-admins"])("refuses the privileged group %s", (name) => {
    expect(reservedTeam(name, config)?.reason).toBe(`'${name}' is a privileged group name: a group of this name can carry cluster-wide rights`);
  });

  it.each([
    ["system-masters", "system"],
    ["systemd", "system"],
    ["osd-sre-admins", "osd-sre"],
    ["kube-admins", "kube-"],
    ["openshift-admins", "openshift"],
  ])("refuses %s by the prefix %s", (name, prefix) => {
    expect(reservedTeam(name, config)?.reason).toContain(`starts with '${prefix}'`);
  });

  it("does not refuse a platform namespace's name as a team (it is a group, not a namespace)", () => {
    expect(reservedTeam("argocd", config)).toBeUndefined();
  });

  it("adds teams.reserved, teams.reservedPrefixes and the namespaces.reserved rules", () => {
    const raw = exampleRaw();
    raw.teams = { reserved: ["platform-sre"], reservedPrefixes: ["sre-"] };
    raw.namespaces = { ...(raw.namespaces as object), reserved: ["billing"] };
    const extended = configFrom(raw);
    expect(reservedTeam("platform-sre", extended)?.reason).toContain("privileged group");
    expect(reservedTeam("sre-oncall", extended)?.reason).toContain("starts with 'sre-'");
    expect(reservedTeam("billing", extended)?.reason).toBe("'billing' is a reserved name");
    expect(reservedNamespace("platform-sre", extended)).toBeUndefined();
  });
});
