import { describe, expect, it } from "vitest";
import { expectNoViolations, useSimulator } from "../harness/index.js";

const REPO = "acme/gitops";
const repo = { owner: "acme", repo: "gitops" };
const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

describe("writing files through the contents API", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo(REPO, { files: { "base/kustomization.yaml": "resources: []\n" } });
    },
    { checkViolations: false },
  );

  it("creates a file as one signed commit on the branch and answers 201 with the blob and commit", async () => {
    const main = gh.sim.ref(REPO, "main") as string;
    await gh.octokit.rest.git.createRef({ ...repo, ref: "refs/heads/topic", sha: main });
    gh.sim.takeEvents();

    const res = await gh.octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: "tenants/a/namespace.yaml",
      message: "Add namespace a",
      content: b64("kind: Namespace\n"),
      branch: "topic",
    });

    expect(res.status).toBe(201);
    const head = gh.sim.ref(REPO, "topic") as string;
    expect(res.data.commit.sha).toBe(head);
    expect(gh.sim.commit(REPO, head).parents).toEqual([main]);
    expect(gh.sim.commit(REPO, head).verification.verified).toBe(true);
    expect(gh.sim.readFile(REPO, "topic", "tenants/a/namespace.yaml")).toBe("kind: Namespace\n");
    expect(gh.sim.readFile(REPO, "topic", "base/kustomization.yaml")).toBe("resources: []\n");
    expect(gh.sim.ref(REPO, "main")).toBe(main);
    expect(res.data.content?.path).toBe("tenants/a/namespace.yaml");
    expect(gh.sim.calls.at(-1)?.operationId).toBe("repos/create-or-update-file-contents");
    expect(gh.sim.takeEvents().map((e) => e.name)).toEqual(["push"]);
    expectNoViolations(gh.sim);
  });

  it("replaces a file only with its current blob sha: 200 with the sha, 422 without it, 409 with a stale one", async () => {
    const path = "base/kustomization.yaml";
    const { data } = await gh.octokit.rest.repos.getContent({ ...repo, path });
    const sha = (data as { sha: string }).sha;

    await expect(
      gh.octokit.rest.repos.createOrUpdateFileContents({ ...repo, path, message: "no sha", content: b64("x: 1\n") }),
    ).rejects.toMatchObject({ status: 422 });
    const updated = await gh.octokit.rest.repos.createOrUpdateFileContents({ ...repo, path, message: "edit", content: b64("x: 1\n"), sha });
    expect(updated.status).toBe(200);
    expect(gh.sim.readFile(REPO, "main", path)).toBe("x: 1\n");
    await expect(
      gh.octokit.rest.repos.createOrUpdateFileContents({ ...repo, path, message: "stale", content: b64("x: 2\n"), sha }),
    ).rejects.toMatchObject({ status: 409 });
    expect(gh.sim.readFile(REPO, "main", path)).toBe("x: 1\n");
    expectNoViolations(gh.sim);
  });

  it("answers 404 for a branch that does not exist and changes nothing", async () => {
    const before = gh.sim.branches(REPO);
    await expect(
      gh.octokit.rest.repos.createOrUpdateFileContents({ ...repo, path: "a.txt", message: "m", content: b64("a"), branch: "nope" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(gh.sim.branches(REPO)).toEqual(before);
    expectNoViolations(gh.sim);
  });

  it("records a request the REST description does not allow (no commit message) as a violation", async () => {
    await expect(
      // Typed Octokit refuses a missing message at compile time; a hand-rolled client might still send one.
      gh.octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "a.txt", content: b64("a") } as never),
    ).rejects.toMatchObject({ status: 422 });
    expect(gh.sim.violations.join("\n")).toContain("repos/create-or-update-file-contents");
    expect(gh.sim.listFiles(REPO, "main")).toEqual(["base/kustomization.yaml"]);
  });
});
