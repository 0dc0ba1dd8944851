import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { insertListItems, removeListItems, replaceListItem } from "../../../src/rendering/changes/edit-yaml-list.js";

describe("removeListItems", () => {
  it("removes exactly the item's line, with its trailing comment, keeping CRLF and the comment above", () => {
    const source = "users:\r\n  # founders\r\n  - ada # first\r\n  - bob\r\n";
    expect(removeListItems(source, "users", (u) => u === "ada")).toEqual({ content: "users:\r\n  # founders\r\n  - bob\r\n", changed: ["ada"] });
  });

  it("edits a flow list through the Document API", () => {
    const out = removeListItems("users: [ada, bob]\n", "users", (u) => u === "bob");
    expect("content" in out && parse(out.content)).toEqual({ users: ["ada"] });
  });

  it("leaves the file as it is when nothing matches", () => {
    expect(removeListItems("users:\n- ada\n", "users", () => false)).toEqual({ content: "users:\n- ada\n", changed: [] });
  });

  it("refuses a key that is not a list", () => {
    expect(removeListItems("users: ada\n", "users", () => true)).toEqual({ error: "'users' is not a list; expected 'users:' followed by '- value' lines" });
  });
});

describe("insertListItems", () => {
  it("writes a value YAML would misread quoted, with the neighbour's indentation", () => {
    expect(insertListItems("users:\n    - ada\n    - bob\n", "users", ["yes"])).toEqual({ content: "users:\n    - ada\n    - bob\n    - \"yes\"\n", changed: ["yes"] });
  });

  it("creates the list when the key is missing", () => {
    const out = insertListItems("kind: Group\n", "users", ["ada"]);
    expect("content" in out && parse(out.content)).toEqual({ kind: "Group", users: ["ada"] });
  });

  it("adds a line break before appending to a file without a final newline", () => {
    expect(insertListItems("users:\n- zoe\n- ada", "users", ["bob"])).toEqual({ content: "users:\n- zoe\n- ada\n- bob\n", changed: ["bob"] });
  });
});

describe("replaceListItem", () => {
  it("replaces only the matching scalar's text", () => {
    expect(replaceListItem("components:\n- ../a/small # tier\n- ../b\n", "components", (v) => v === "../a/small", "../a/large")).toEqual({ content: "components:\n- ../a/large # tier\n- ../b\n", changed: ["../a/small"] });
  });
});

describe("list values that YAML reads as numbers", () => {
  it("removes a login made of digits", () => {
    expect(removeListItems("users:\n- 1234\n- ada\n", "users", (u) => u === "1234")).toEqual({ content: "users:\n- ada\n", changed: ["1234"] });
  });
});
