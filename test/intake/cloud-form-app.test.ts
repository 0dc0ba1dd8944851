import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { APPS, configYaml, PEOPLE, SUPPORT } from "../helpers/world.js";
import { useWorlds } from "../helpers/use-world.js";

/** A cloud's own issue form, shaped like Operate First's (its own ids and labels, dropdown options naming regions). */
const CLOUD_FORM = `name: Onboard to a cluster
description: Ask for a namespace.
labels: [kind/onboarding]
body:
  - type: dropdown
    id: cluster
    attributes:
      label: Target cluster
      options: [MOC/Smaug, MOC/Infra, EMEA/Retired]
  - type: input
    id: team-name
    attributes: { label: Team name }
  - type: input
    id: project-name
    attributes: { label: Desired project names }
  - type: input
    id: project-owner
    attributes: { label: Project Owner }
  - type: textarea
    id: project-description
    attributes: { label: Project description }
  - type: textarea
    id: users
    attributes: { label: Users needing access }
  - type: dropdown
    id: quota
    attributes:
      label: Namespace Quota
      options: [X-Small, Small, Medium, Large, Custom]
  - type: textarea
    id: custom-quota
    attributes: { label: Custom quota }
`;

const FORM_PATH = ".github/ISSUE_TEMPLATE/onboarding.yaml";

const CLOUD_CONFIG = {
  clusters: [
    { name: "smaug", aliases: ["MOC/Smaug"], overlay: "cluster-scope/overlays/prod/moc/smaug", groupOverlays: ["cluster-scope/overlays/prod/common"] },
    { name: "infra", aliases: ["MOC/Infra"], overlay: "cluster-scope/overlays/prod/moc/infra", groupOverlays: ["cluster-scope/overlays/prod/common"] },
  ],
  intake: {
    form: FORM_PATH,
    fields: {
      clusters: "cluster",
      team: "team-name",
      namespaces: "project-name",
      owner: "project-owner",
      description: "project-description",
      members: "users",
      quota_tier: "quota",
      custom_quota: "custom-quota",
    },
    optional: ["display_name", "docs_url", "acknowledgement"],
  },
  labels: { request: "kind/onboarding" },
};

function cloudBody(answers: { cluster?: string; users?: string; quota?: string; custom?: string } = {}): string {
  return [
    `### Target cluster\n\n${answers.cluster ?? "MOC/Smaug"}`,
    "### Team name\n\nastro-lab",
    "### Desired project names\n\nastro-lab",
    `### Project Owner\n\n@${PEOPLE.requester}`,
    "### Project description\n\nTelescope image processing.",
    "### Target environment\n\nmoc",
    `### Users needing access\n\n${answers.users ?? `${PEOPLE.requester},@${PEOPLE.member}`}`,
    `### Namespace Quota\n\n${answers.quota ?? "Small"}`,
    `### Custom quota\n\n${answers.custom ?? "_No response_"}`,
  ].join("\n\n");
}

describe("a cloud's own issue form (intake.form)", () => {
  const startWorld = useWorlds();

  async function cloudWorld() {
    const world = await startWorld({ configText: configYaml(CLOUD_CONFIG) });
    world.sim.pushCommit(SUPPORT, "main", { [FORM_PATH]: CLOUD_FORM }, PEOPLE.approver, "Add the onboarding form");
    await deliverAll(world.sim, world.probot);
    return world;
  }

  it("reads a request filed with it, maps its options through aliases, and opens the pull request", async () => {
    const world = await cloudWorld();
    const n = world.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "NEW PROJECT: astro-lab", body: cloudBody(), labels: ["kind/onboarding"] });
    await deliverAll(world.sim, world.probot);

    const pulls = world.sim.pulls(APPS);
    expect(pulls).toHaveLength(1);
    const status = world.sim.comments(SUPPORT, n).map((c) => c.body).join("\n");
    expect(status).toContain("Target environment");
    expect(world.sim.readFile(APPS, pulls[0]!.head.ref, "cluster-scope/base/core/namespaces/astro-lab/kustomization.yaml")).toContain(
      "resourcequotas/small",
    );
  });

  it("answers with the form's own labels and the fix, and never looks up the words of a sentence as logins", async () => {
    const world = await cloudWorld();
    world.sim.resetCalls();
    const users = `${PEOPLE.requester} To start, just me. I'd add people later.`;
    const n = world.sim.openIssue(SUPPORT, {
      author: PEOPLE.requester,
      title: "NEW PROJECT: astro-lab",
      body: cloudBody({ users, cluster: "EMEA/Retired" }),
      labels: ["kind/onboarding"],
    });
    await deliverAll(world.sim, world.probot);

    const status = world.sim.comments(SUPPORT, n).map((c) => c.body).join("\n");
    expect(status).toContain("Users needing access");
    expect(status).toContain("list GitHub logins, one per line or separated by commas");
    expect(status).toContain("Target cluster");
    expect(status).toContain("'MOC/Smaug', 'MOC/Infra'");
    expect(world.sim.pulls(APPS)).toHaveLength(0);
    const looked = world.sim.calls.filter((c) => c.method === "GET" && /^\/users\//.test(c.path)).map((c) => c.path.toLowerCase());
    for (const word of ["start", "just", "to"]) expect(looked).not.toContain(`/users/${word}`);
  });

  it("reports a form file missing from the support repository as a configuration problem naming intake.form", async () => {
    const world = await startWorld({ configText: configYaml(CLOUD_CONFIG) });
    const n = world.sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "NEW PROJECT: astro-lab", body: cloudBody(), labels: ["kind/onboarding"] });
    await deliverAll(world.sim, world.probot);

    const comments = world.sim.comments(SUPPORT, n);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("intake.form");
    expect(comments[0]!.body).toMatch(/ISSUE\\_TEMPLATE\/onboarding\.yaml does not exist in operate-first\/support/);
    expect(world.sim.pulls(APPS)).toHaveLength(0);
  });
});
