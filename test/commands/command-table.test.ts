import { describe, expect, it } from "vitest";
import {
  COMMAND_TABLE,
  COMMAND_WORDS,
  findCommand,
  placesOf,
  renderCommandReference,
  renderHelp,
} from "../../src/commands/command-table.js";

describe("command table", () => {
  it("holds each command once per place", () => {
    const keys = COMMAND_TABLE.map((s) => `${s.verb}|${s.argument ?? ""}|${s.where}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("maps every spelling, including the /unhold alias, to its command", () => {
    expect(COMMAND_WORDS.get("unhold")).toEqual({ verb: "hold", cancel: true });
    expect(COMMAND_WORDS.get("hold cancel")).toEqual({ verb: "hold", cancel: true });
    expect(COMMAND_WORDS.get("retest cancel")).toBeUndefined();
    expect([...COMMAND_WORDS.keys()].sort()).toEqual(
      ["approve", "approve cancel", "close", "help", "hold", "hold cancel", "lgtm", "lgtm cancel", "retest", "retry", "unhold"],
    );
  });

  it("knows where each command works", () => {
    expect(placesOf("help", false).sort()).toEqual(["issue", "pull"]);
    expect(placesOf("retry", false)).toEqual(["issue"]);
    expect(placesOf("retest", true)).toEqual([]);
    expect(findCommand("approve", false, "issue")).toBeUndefined();
    expect(findCommand("approve", true, "pull")?.description).toBe("Withdraws your approval.");
  });
});

describe("renderHelp", () => {
  it("lists only the commands of the pull request, as a markdown table", () => {
    const help = renderHelp("pull");
    const rows = help.split("\n");
    expect(rows[0]).toBe("| Command | Who may use it | What it does |");
    expect(rows).toHaveLength(2 + COMMAND_TABLE.filter((s) => s.where === "pull").length);
    expect(help).toContain("| `/hold cancel` (alias `/unhold`) | the person who placed a hold");
    expect(help).not.toContain("/retry");
  });

  it("lists /retry and /help on the issue", () => {
    const help = renderHelp("issue");
    expect(help).toContain("| `/retry` | approvers and the requester |");
    expect(help).toContain("| `/help` | anyone |");
    expect(help).not.toContain("/approve");
  });
});

describe("renderCommandReference", () => {
  it("has a section per place with its table, and the reading rules", () => {
    const ref = renderCommandReference();
    expect(ref.indexOf("### On the onboarding pull request")).toBeLessThan(ref.indexOf("### On the request issue"));
    expect(ref).toContain(renderHelp("pull"));
    expect(ref).toContain(renderHelp("issue"));
    expect(ref).toContain("`/lgtm looks great` is not a command");
    expect(renderCommandReference(2)).toContain("\n## On the request issue\n");
  });
});
