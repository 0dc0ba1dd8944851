import { describe, expect, it } from "vitest";
import { parseChangeRequest } from "../../../src/rendering/changes/change-request.js";
import { baseFiles, lineChanges, renderIn } from "./change-tree.js";

const GROUP = "cluster-scope/base/user.openshift.io/groups/aurora/group.yaml";

describe("members change", () => {
  it.each([
    { name: "adds a user in sorted position as one line", request: { team: "aurora", add: ["bea"] }, added: ["  - bea"], removed: [] as string[] },
    { name: "adds a user at the end of a sorted list", request: { team: "aurora", add: ["zed"] }, added: ["  - zed"], removed: [] },
    { name: "removes exactly the user's line", request: { team: "aurora", remove: ["linus"] }, added: [], removed: ["  - linus"] },
    { name: "removes every spelling of a login (GitHub logins ignore case)", request: { team: "aurora", remove: ["GRACE-H"] }, added: [], removed: ["  - Grace-H", "  - grace-h"] },
    { name: "adds and removes in one change", request: { team: "aurora", add: ["zed"], remove: ["ada"] }, added: ["  - zed"], removed: ["  - ada"] },
  ])("$name", async ({ request, added, removed }) => {
    const out = await renderIn("members", request);
    const changes = lineChanges(out);
    expect(Object.keys(changes.files)).toEqual([GROUP]);
    expect(changes.files[GROUP]).toEqual({ added, removed });
    expect(changes.deletions).toEqual([]);
  });

  it("appends to a list a person did not sort, keeping its order and comments", async () => {
    const files = { ...baseFiles(), [GROUP]: "apiVersion: user.openshift.io/v1\nkind: Group\nmetadata:\n  name: aurora\nusers:\n# leads\n- zoe\n- ada  # founder\n" };
    const out = await renderIn("members", { team: "aurora", add: ["bea"], remove: ["ada"] }, files);
    expect(out.kind === "changed" && out.files[0]?.content).toBe("apiVersion: user.openshift.io/v1\nkind: Group\nmetadata:\n  name: aurora\nusers:\n# leads\n- zoe\n- bea\n");
  });

  it("adding a user already listed is a notice and writes nothing", async () => {
    const out = await renderIn("members", { team: "aurora", add: ["ada"] });
    expect(out).toMatchObject({ kind: "changed", files: [], deletions: [], notices: [{ field: "members", message: expect.stringContaining("'ada' is already a member") }] });
  });

  it.each([
    { name: "a user who is not in the group", request: { team: "aurora", remove: ["mallory"] }, field: "members", message: "'mallory' is not a member of team 'aurora'" },
    { name: "removing the last user", request: { team: "borealis", remove: ["bob"] }, field: "members", message: "would leave team 'borealis' with no member" },
    { name: "a team that does not exist", request: { team: "nobody", add: ["ada"] }, field: "team", message: "team 'nobody' does not exist" },
  ])("refuses $name", async ({ request, field, message }) => {
    const out = await renderIn("members", request);
    expect(out.kind).toBe("problems");
    expect(out.kind === "problems" && out.problems).toEqual([expect.objectContaining({ field, message: expect.stringContaining(message) })]);
  });

  it.each([
    { name: "a login in both lists", request: { team: "aurora", add: ["bob"], remove: ["Bob"] }, error: "add.0: 'bob' is both added and removed" },
    { name: "nothing to change", request: { team: "aurora" }, error: "add: nothing to change" },
    { name: "an e-mail address", request: { team: "aurora", add: ["ada@example.org"] }, error: "add.0: must be a GitHub login" },
    { name: "an unknown key", request: { team: "aurora", add: ["x"], members: ["y"] }, error: "Unrecognized key" },
  ])("the request shape refuses $name", ({ request, error }) => {
    const parsed = parseChangeRequest("members", request);
    expect("errors" in parsed && parsed.errors.join("\n")).toContain(error);
  });
});
