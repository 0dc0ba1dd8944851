import { describe, expect, it } from "vitest";
import { whoMayAsk, type AskFacts } from "../../src/requests/who-may-ask.js";

const facts = (over: Partial<AskFacts> = {}): AskFacts => ({
  requester: "dave",
  team: "thoth",
  members: ["goern", "Fridex"],
  namespace: { name: "thoth-station", owner: "ann", requester: "rob" },
  approvers: ["carol"],
  ...over,
});

describe("who may ask for a change to an existing team", () => {
  it("allows a member of the group, ignoring case", () => {
    expect(whoMayAsk(facts({ requester: "fridex" }))).toEqual({ allowed: "member" });
  });

  it("allows the namespace's recorded owner and requester", () => {
    expect(whoMayAsk(facts({ requester: "Ann" }))).toEqual({ allowed: "owner" });
    expect(whoMayAsk(facts({ requester: "rob" }))).toEqual({ allowed: "requester" });
  });

  it("allows an approver", () => {
    expect(whoMayAsk(facts({ requester: "CAROL" }))).toEqual({ allowed: "approver" });
  });

  it("refuses anyone else with a problem on the team that names who may ask", () => {
    const verdict = whoMayAsk(facts());
    if (!("problem" in verdict)) throw new Error("expected a refusal");
    expect(verdict.problem.field).toBe("team");
    expect(verdict.problem.message).toBe(
      "'dave' may not ask for changes to team 'thoth': only a member of team 'thoth' ('goern', 'Fridex'), the owner of namespace 'thoth-station' ('ann'), who requested namespace 'thoth-station' ('rob'), an approver ('carol') may. Nothing was written",
    );
  });

  it("does not take a namespace's recorded owner for a change of the team as a whole", () => {
    expect("problem" in whoMayAsk(facts({ requester: "ann", namespace: undefined }))).toBe(true);
  });

  it("names at most ten members and says how many more", () => {
    const members = Array.from({ length: 13 }, (_, i) => `m${i}`);
    const verdict = whoMayAsk(facts({ members, namespace: undefined }));
    expect("problem" in verdict && verdict.problem.message).toContain("'m9' and 3 more");
  });
});
